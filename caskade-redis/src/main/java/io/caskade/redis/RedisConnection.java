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
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.caskade.tier.TierException;
import java.time.Duration;

/**
 * The command connection of a {@link RedisPlatform}, standalone or Cluster, behind one shape
 * ({@link RedisClusterCommands} is what both offer), shared and multiplexed by every tier of the
 * platform. {@link #connect()} is called by a tier (at build, then by its maintenance task after
 * a failed first attempt), never on a caller's time: until it succeeded, {@link #sync()} fails at
 * once. Lettuce reconnects an established connection by itself, quickly (10 ms to 1 s backoff).
 * While disconnected, commands are rejected at once rather than queued, and every command is
 * bounded by the deadline {@link CommandDeadlines} gives it (the calling tier's command timeout,
 * or less of it inside a cache call).
 */
final class RedisConnection implements AutoCloseable {

  static final RedisCodec<String, byte[]> CODEC = ConnectionCodec.INSTANCE;

  private final boolean cluster;
  private final AbstractRedisClient client;
  private final Duration commandTimeout;
  private volatile StatefulConnection<String, byte[]> connection;
  private volatile RedisClusterCommands<String, byte[]> sync;
  private volatile RedisClusterAsyncCommands<String, byte[]> async;

  RedisConnection(AbstractRedisClient client, boolean cluster, Duration commandTimeout) {
    this.client = client;
    this.cluster = cluster;
    this.commandTimeout = commandTimeout;
  }

  /** The client options of a platform's client: reject while disconnected, deadlines per call. */
  static ClientOptions options(boolean cluster, Duration commandTimeout,
      CommandDeadlines deadlines) {
    SocketOptions socket = SocketOptions.builder()
        .connectTimeout(commandTimeout.multipliedBy(2))
        .keepAlive(true)
        .build();
    TimeoutOptions timeouts = TimeoutOptions.builder().timeoutCommands(true)
        .timeoutSource(deadlines).build();
    if (cluster) {
      return ClusterClientOptions.builder()
          .socketOptions(socket)
          .timeoutOptions(timeouts)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
              .enableAllAdaptiveRefreshTriggers()
              .build())
          .build();
    }
    return ClientOptions.builder()
        .socketOptions(socket)
        .timeoutOptions(timeouts)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .build();
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

  /** Closes the command connection (waited for); the platform shuts the client down after. */
  @Override
  public synchronized void close() {
    StatefulConnection<String, byte[]> c = connection;
    connection = null;
    if (c != null) {
      c.close();
    }
  }
}
