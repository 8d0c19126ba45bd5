package io.caskade.jcache;

import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisPlatform;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Redis platforms of one cache manager, one per Redis URI: every cache of the manager on that
 * URI builds its tier on it (one client, two connections for all of them). Closed with the
 * manager, after its caches.
 */
final class RedisPlatforms implements AutoCloseable {

  private final Map<String, RedisPlatform> byUri = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** The platform of {@code uri}, made on first use. */
  RedisPlatform of(String uri) {
    if (closed) {
      throw new IllegalStateException("cache manager is closed");
    }
    return byUri.computeIfAbsent(uri, u -> RedisPlatform.of(RedisConfig.parse(u)));
  }

  @Override
  public void close() {
    closed = true;
    byUri.values().forEach(RedisPlatform::close);
    byUri.clear();
  }
}
