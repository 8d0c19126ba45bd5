package io.caskade.redis.journal;

import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisErrors;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisServerCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * The journal's Lettuce client with two connections: one for commands (XADD, XACK...) shared by
 * writers, and one the flusher alone uses for blocking XREADGROUP, so a blocked read never delays
 * a writer's XADD; with {@code appendTimeout} set, a third one for appends followed by
 * {@code WAIT} (which blocks its connection while replicas catch up). Standalone or Cluster (the journal's keys share one hash slot). While a
 * connection is re-established, commands wait for it (bounded by the command timeout) rather
 * than fail at once: a blip costs a write some latency, not an error.
 */
final class JournalConnection implements AutoCloseable {

  static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final ClientResources resources;
  private final boolean ownsResources;
  private final AbstractRedisClient client;
  private final StatefulConnection<String, byte[]> commandConnection;
  private final StatefulConnection<String, byte[]> readConnection;
  private final StatefulConnection<String, byte[]> appendConnection;
  final RedisClusterCommands<String, byte[]> commands;
  final RedisClusterCommands<String, byte[]> reads;
  /** Appends (and their WAIT): {@link #commands} unless an append timeout was given. */
  final RedisClusterCommands<String, byte[]> appends;

  JournalConnection(RedisConfig config, Duration commandTimeout, Duration longestBlock) {
    this(config, commandTimeout, longestBlock, null, null);
  }

  /**
   * With {@code waitTimeout} non-null (standalone only), appends get their own connection, whose
   * {@code WAIT} may take that much longer than a command. With {@code shared} non-null (the
   * application's {@link io.caskade.redis.RedisPlatform}'s), the client runs on those threads
   * and leaves them running at close; else it makes and closes its own.
   */
  JournalConnection(RedisConfig config, Duration commandTimeout, Duration longestBlock,
      Duration waitTimeout, ClientResources shared) {
    Duration appendTimeout = waitTimeout == null ? null : commandTimeout.plus(waitTimeout);
    List<RedisURI> uris = config.redisUris(commandTimeout);
    // Reconnect within a second of Redis coming back (Lettuce's default backoff grows to 30 s).
    this.ownsResources = shared == null;
    this.resources = shared != null ? shared : DefaultClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
            TimeUnit.MILLISECONDS))
        .build();
    SocketOptions socket = SocketOptions.builder().connectTimeout(commandTimeout.multipliedBy(2))
        .keepAlive(true).build();
    TimeoutOptions timeouts = timeouts(commandTimeout, longestBlock, waitTimeout);
    Duration readTimeout = commandTimeout.plus(longestBlock);
    if (config.isCluster()) {
      RedisClusterClient c = RedisClusterClient.create(resources, uris);
      c.setOptions(ClusterClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS).build());
      this.client = c;
      try {
        StatefulRedisClusterConnection<String, byte[]> cmd = named(config, () -> c.connect(CODEC));
        StatefulRedisClusterConnection<String, byte[]> rd = named(config, () -> c.connect(CODEC));
        cmd.setTimeout(commandTimeout);
        rd.setTimeout(readTimeout);
        this.commandConnection = cmd;
        this.readConnection = rd;
        this.commands = cmd.sync();
        this.reads = rd.sync();
        this.appendConnection = null;
        this.appends = commands;
      } catch (RuntimeException e) {
        shutDown(c, ownsResources ? resources : null);
        throw e;
      }
    } else {
      RedisClient c = RedisClient.create(resources, uris.get(0));
      c.setOptions(ClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS).build());
      this.client = c;
      try {
        StatefulRedisConnection<String, byte[]> cmd = named(config, () -> c.connect(CODEC));
        StatefulRedisConnection<String, byte[]> rd = named(config, () -> c.connect(CODEC));
        cmd.setTimeout(commandTimeout);
        rd.setTimeout(readTimeout);
        this.commandConnection = cmd;
        this.readConnection = rd;
        this.commands = cmd.sync();
        this.reads = rd.sync();
        if (appendTimeout != null) {
          StatefulRedisConnection<String, byte[]> ap = named(config, () -> c.connect(CODEC));
          ap.setTimeout(appendTimeout);
          this.appendConnection = ap;
          this.appends = ap.sync();
        } else {
          this.appendConnection = null;
          this.appends = commands;
        }
      } catch (RuntimeException e) {
        shutDown(c, ownsResources ? resources : null);
        throw e;
      }
    }
  }

  /**
   * Connects; a refusal of the credentials, ACL or configuration is thrown as the same
   * {@link io.caskade.redis.RedisAccessException} a {@code RedisTier} build throws.
   */
  private static <T> T named(RedisConfig config, Supplier<T> connect) {
    try {
      return connect.get();
    } catch (RuntimeException e) {
      RuntimeException named = RedisErrors.asAccessError("write-behind journal", config, e);
      throw named != null ? named : e;
    }
  }

  private static void shutDown(AbstractRedisClient c, ClientResources resources) {
    c.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    if (resources != null) {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  /**
   * The command timeout, plus the longest block for XREADGROUP and the WAIT timeout for WAIT:
   * a blocking command is not timed out while it may legitimately still be blocked.
   */
  private static TimeoutOptions timeouts(Duration command, Duration longestBlock,
      Duration waitTimeout) {
    long base = command.toMillis();
    long block = longestBlock.toMillis();
    long wait = waitTimeout == null ? 0 : waitTimeout.toMillis();
    return TimeoutOptions.builder().timeoutCommands(true).timeoutSource(
        new TimeoutOptions.TimeoutSource() {
          @Override
          public long getTimeout(RedisCommand<?, ?, ?> c) {
            ProtocolKeyword type = c.getType();
            if (type == CommandType.WAIT) {
              return base + wait;
            }
            return type == CommandType.XREADGROUP ? base + block : base;
          }

          @Override
          public TimeUnit getTimeUnit() {
            return TimeUnit.MILLISECONDS;
          }
        }).build();
  }

  /** Server commands (CONFIG, INFO) of the node that holds {@code key}. */
  RedisServerCommands<String, byte[]> serverOf(String key) {
    if (commandConnection instanceof StatefulRedisClusterConnection<String, byte[]> cluster) {
      RedisClusterNode node = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
      if (node != null) {
        return cluster.getConnection(node.getNodeId()).sync();
      }
    }
    return commands;
  }

  @Override
  public void close() {
    try {
      readConnection.close();
      if (appendConnection != null) {
        appendConnection.close();
      }
      commandConnection.close();
    } finally {
      shutDown(client, ownsResources ? resources : null);
    }
  }
}
