package io.caskade.spring.boot.redis;

import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisPlatform;
import io.caskade.redis.RedisTier;
import io.caskade.codec.Codec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Makes the L2 tier of each cache, and remembers them for the health indicator.
 *
 * <p>This is the one place that opens Redis connections for the starter: it holds the
 * application's one {@link RedisPlatform} (one Lettuce client, one command connection, one
 * pub/sub connection, one maintenance thread) and builds every cache's tier on it, so an
 * application with N caches holds two connections to the configured Redis, not 2N. The bean is
 * closed after the cache manager (which closes the tiers), and closes the platform.
 */
public final class RedisTiers implements AutoCloseable {

  private final RedisConfig config;
  private final Duration commandTimeout;
  private final RedisPlatform platform;
  private final List<RedisTier<String, Object>> tiers = new CopyOnWriteArrayList<>();

  public RedisTiers(RedisConfig config, Duration commandTimeout) {
    this.config = Objects.requireNonNull(config, "config");
    this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
    this.platform = RedisPlatform.builder(config).commandTimeout(commandTimeout).build();
  }

  /** A new tier for cache {@code name}, storing values with {@code codec}, on the platform. */
  public RedisTier<String, Object> create(String name, Codec<Object> codec) {
    RedisTier<String, Object> tier = RedisTier.builder(platform, name, KeyCodec.strings(), codec)
        .commandTimeout(commandTimeout)
        .build();
    tiers.add(tier);
    return tier;
  }

  /** Every tier made so far. */
  public List<RedisTier<String, Object>> tiers() {
    return List.copyOf(tiers);
  }

  /** Where Redis is. */
  public RedisConfig config() {
    return config;
  }

  /** The application's Redis platform every tier is built on. */
  public RedisPlatform platform() {
    return platform;
  }

  /** Closes the tiers not closed yet (a closed tier ignores it), then the platform. */
  @Override
  public void close() {
    try {
      tiers.forEach(RedisTier::close);
    } finally {
      platform.close();
    }
  }
}
