package io.caskade.spring.boot.redis;

import io.caskade.redis.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.redis.codec.Codec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Makes the L2 tier of each cache, and remembers them for the health indicator.
 *
 * <p>This is the one place that opens Redis connections for the starter. Today every
 * {@link RedisTier} owns its Lettuce client, so an application with N caches holds N clients to
 * the one configured Redis; when the engine offers one client shared by many tiers, only this
 * class changes.
 */
public final class RedisTiers {

  private final RedisConfig config;
  private final Duration commandTimeout;
  private final List<RedisTier<String, Object>> tiers = new CopyOnWriteArrayList<>();

  public RedisTiers(RedisConfig config, Duration commandTimeout) {
    this.config = Objects.requireNonNull(config, "config");
    this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
  }

  /** A new tier for cache {@code name}, storing values with {@code codec}. */
  public RedisTier<String, Object> create(String name, Codec<Object> codec) {
    RedisTier<String, Object> tier = RedisTier.builder(config, name, KeyCodec.strings(), codec)
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
}
