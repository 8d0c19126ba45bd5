package io.caskade.redis.snapshot;

import io.caskade.redis.RedisConfig;
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

/**
 * The snapshot store's commands: on a {@link io.caskade.redis.RedisPlatform}, its shared command
 * connection; else one lazily opened Lettuce connection (standalone or Cluster) of its own.
 */
final class SnapshotConnection implements AutoCloseable {

  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final AbstractRedisClient client;
  private final Duration timeout;
  private final RedisClusterCommands<String, byte[]> shared;
  private StatefulConnection<String, byte[]> connection;
  private RedisClusterCommands<String, byte[]> sync;

  /** Commands on a shared connection, left open at {@link #close()}. */
  SnapshotConnection(RedisClusterCommands<String, byte[]> shared) {
    this.shared = shared;
    this.client = null;
    this.timeout = null;
  }

  SnapshotConnection(RedisConfig config, Duration timeout) {
    this.shared = null;
    this.timeout = timeout;
    List<RedisURI> uris = config.redisUris(timeout);
    SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).build();
    if (config.isCluster()) {
      RedisClusterClient c = RedisClusterClient.create(uris);
      c.setOptions(ClusterClientOptions.builder().socketOptions(socket)
          .timeoutOptions(TimeoutOptions.enabled(timeout))
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
      this.client = c;
    } else {
      RedisClient c = RedisClient.create(uris.get(0));
      c.setOptions(ClientOptions.builder().socketOptions(socket)
          .timeoutOptions(TimeoutOptions.enabled(timeout))
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
      this.client = c;
    }
  }

  /** Sync commands, connecting first if needed. */
  synchronized RedisClusterCommands<String, byte[]> sync() {
    if (shared != null) {
      return shared;
    }
    if (sync == null) {
      if (client instanceof RedisClusterClient) {
        StatefulRedisClusterConnection<String, byte[]> c =
            ((RedisClusterClient) client).connect(CODEC);
        c.setTimeout(timeout);
        connection = c;
        sync = c.sync();
      } else {
        StatefulRedisConnection<String, byte[]> c = ((RedisClient) client).connect(CODEC);
        c.setTimeout(timeout);
        connection = c;
        sync = c.sync();
      }
    }
    return sync;
  }

  @Override
  public synchronized void close() {
    if (shared != null) {
      return;
    }
    if (connection != null) {
      connection.close();
      connection = null;
      sync = null;
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
