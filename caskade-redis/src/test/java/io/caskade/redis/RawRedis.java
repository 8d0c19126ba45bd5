package io.caskade.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** A plain Lettuce connection for planting and inspecting bytes behind a tier's back. */
final class RawRedis implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;

  RawRedis(String uri) {
    client = RedisClient.create(uri);
    connection = client.connect(RedisConnection.CODEC);
  }

  RedisCommands<String, byte[]> sync() {
    return connection.sync();
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
