package io.caskade.redis;

import io.caskade.codec.KeyCodec;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.RedisServers;
import java.time.Duration;
import java.util.UUID;

/** Tiers for tests, each on a fresh cache name so tests never share keys. */
final class Tiers {

  private Tiers() {}

  static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static RedisTierBuilder<String, String> shared(String cache) {
    return RedisTier.builder(RedisConfig.standalone(RedisServers.shared()), cache,
        KeyCodec.strings(), StringCodec.utf8());
  }

  static RedisTierBuilder<String, String> on(RedisConfig config, String cache) {
    return RedisTier.builder(config, cache, KeyCodec.strings(), StringCodec.utf8())
        .commandTimeout(Duration.ofMillis(200))
        .breakerOpenFor(Duration.ofMillis(300))
        .recoveryProbeInterval(Duration.ofMillis(50));
  }
}
