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
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The journal's Lettuce client with two connections: one for commands (XADD, XACK...) shared by
 * writers, and one the flusher alone uses for blocking XREADGROUP, so a blocked read never delays
 * a writer's XADD. Standalone or Cluster (the journal's keys share one hash slot). While a
 * connection is re-established, commands wait for it (bounded by the command timeout) rather
 * than fail at once: a blip costs a write some latency, not an error.
 */
final class JournalConnection implements AutoCloseable {

  static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final AbstractRedisClient client;
  private final StatefulConnection<String, byte[]> commandConnection;
  private final StatefulConnection<String, byte[]> readConnection;
  final RedisClusterCommands<String, byte[]> commands;
  final RedisClusterCommands<String, byte[]> reads;

  JournalConnection(RedisConfig config, Duration commandTimeout, Duration longestBlock) {
    List<RedisURI> uris = config.redisUris(commandTimeout);
    SocketOptions socket = SocketOptions.builder().connectTimeout(commandTimeout.multipliedBy(2))
        .keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(commandTimeout);
    Duration readTimeout = commandTimeout.plus(longestBlock);
    if (config.isCluster()) {
      RedisClusterClient c = RedisClusterClient.create(uris);
      c.setOptions(ClusterClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS).build());
      this.client = c;
      StatefulRedisClusterConnection<String, byte[]> cmd = named(config, () -> c.connect(CODEC));
      StatefulRedisClusterConnection<String, byte[]> rd = named(config, () -> c.connect(CODEC));
      cmd.setTimeout(commandTimeout);
      rd.setTimeout(readTimeout);
      this.commandConnection = cmd;
      this.readConnection = rd;
      this.commands = cmd.sync();
      this.reads = rd.sync();
    } else {
      RedisClient c = RedisClient.create(uris.get(0));
      c.setOptions(ClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS).build());
      this.client = c;
      StatefulRedisConnection<String, byte[]> cmd = named(config, () -> c.connect(CODEC));
      StatefulRedisConnection<String, byte[]> rd = named(config, () -> c.connect(CODEC));
      cmd.setTimeout(commandTimeout);
      rd.setTimeout(readTimeout);
      this.commandConnection = cmd;
      this.readConnection = rd;
      this.commands = cmd.sync();
      this.reads = rd.sync();
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

  @Override
  public void close() {
    try {
      readConnection.close();
      commandConnection.close();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
