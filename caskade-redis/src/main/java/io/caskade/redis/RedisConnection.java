package io.caskade.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.caskade.tier.TierException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Lettuce client and command connection of one tier, standalone or Cluster, behind one
 * shape ({@link RedisClusterCommands} is what both offer). {@link #connect()} is called by the
 * tier (at build, then by its maintenance thread after a failed first attempt), never on a
 * caller's time: until it succeeded, {@link #sync()} fails at once. Lettuce reconnects an
 * established connection by itself, quickly (10 ms to 1 s backoff). While disconnected, commands
 * are rejected at once rather than queued, and every command is bounded by the deadline
 * {@link CommandDeadlines} gives it (the command timeout, or less of it inside a cache call).
 */
final class RedisConnection implements AutoCloseable {

  static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final boolean cluster;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final Duration commandTimeout;
  private volatile StatefulConnection<String, byte[]> connection;
  private volatile RedisClusterCommands<String, byte[]> sync;
  private volatile RedisClusterAsyncCommands<String, byte[]> async;

  RedisConnection(RedisConfig config, Duration commandTimeout, CommandDeadlines deadlines) {
    this.cluster = config.isCluster();
    this.commandTimeout = commandTimeout;
    this.resources = DefaultClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
            TimeUnit.MILLISECONDS))
        .build();
    SocketOptions socket = SocketOptions.builder()
        .connectTimeout(commandTimeout.multipliedBy(2))
        .keepAlive(true)
        .build();
    TimeoutOptions timeouts = TimeoutOptions.builder().timeoutCommands(true)
        .timeoutSource(deadlines).build();
    if (cluster) {
      RedisClusterClient c = RedisClusterClient.create(resources, config.redisUris(commandTimeout));
      c.setOptions(ClusterClientOptions.builder()
          .socketOptions(socket)
          .timeoutOptions(timeouts)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
              .enableAllAdaptiveRefreshTriggers()
              .build())
          .build());
      this.client = c;
    } else {
      RedisClient c = RedisClient.create(resources, config.redisUris(commandTimeout).get(0));
      c.setOptions(ClientOptions.builder()
          .socketOptions(socket)
          .timeoutOptions(timeouts)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .build());
      this.client = c;
    }
  }

  boolean isCluster() {
    return cluster;
  }

  Duration commandTimeout() {
    return commandTimeout;
  }

  AbstractRedisClient client() {
    return client;
  }

  /** Sync commands; fails at once with {@link TierException} until {@link #connect()} worked. */
  RedisClusterCommands<String, byte[]> sync() {
    requireConnected();
    return sync;
  }

  /** Async commands on the same connection (for pipelines). */
  RedisClusterAsyncCommands<String, byte[]> async() {
    requireConnected();
    return async;
  }

  /** True once {@link #connect()} succeeded (Lettuce keeps the connection up afterwards). */
  boolean isConnected() {
    return connection != null;
  }

  private void requireConnected() {
    if (connection == null) {
      throw new TierException("redis not connected (yet): the tier keeps trying in the background");
    }
  }

  /** A new pub/sub connection. */
  StatefulRedisPubSubConnection<String, byte[]> connectPubSub() {
    if (cluster) {
      return ((RedisClusterClient) client).connectPubSub(CODEC);
    }
    return ((RedisClient) client).connectPubSub(CODEC);
  }

  /** Opens the command connection unless open; throws what connecting threw. */
  void connect() {
    if (connection != null) {
      return;
    }
    synchronized (this) {
      if (connection != null) {
        return;
      }
      if (cluster) {
        StatefulRedisClusterConnection<String, byte[]> c =
            ((RedisClusterClient) client).connect(CODEC);
        c.setTimeout(commandTimeout);
        async = c.async();
        sync = c.sync();
        connection = c;
      } else {
        StatefulRedisConnection<String, byte[]> c = ((RedisClient) client).connect(CODEC);
        c.setTimeout(commandTimeout);
        async = c.async();
        sync = c.sync();
        connection = c;
      }
    }
  }

  /**
   * Closes the command connection, then the client (and whatever connection it still has), then
   * the client resources, each waiting for the one before: nothing is left to write on a closed
   * channel, so a clean shutdown logs nothing.
   */
  @Override
  public synchronized void close() {
    StatefulConnection<String, byte[]> c = connection;
    connection = null;
    try {
      if (c != null) {
        c.close();
      }
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } finally {
      try {
        resources.shutdown(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // resources that do not stop in time are left to the JVM; nothing depends on them
      }
    }
  }
}
