package io.caskade.spring.boot.health;

import io.caskade.redis.RedisTier;
import io.caskade.redis.RedisTierStats;
import io.caskade.spring.boot.redis.RedisTiers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The L2's health from each cache's Redis tier, without calling Redis: UP while every tier's
 * circuit breaker is closed; DOWN with the breaker states when any is not. The caches keep
 * serving either way (from L1 and the protected source).
 */
public final class CaskadeL2HealthIndicator implements HealthIndicator {

  private final RedisTiers tiers;

  public CaskadeL2HealthIndicator(RedisTiers tiers) {
    this.tiers = tiers;
  }

  @Override
  public Health health() {
    boolean up = true;
    Map<String, Object> caches = new LinkedHashMap<>();
    for (RedisTier<String, Object> tier : tiers.tiers()) {
      RedisTierStats s = tier.stats();
      up &= "CLOSED".equals(s.circuitState());
      caches.put(tier.cacheName(), Map.of("circuit", s.circuitState(), "bus", tier.isBusUp()
          ? "UP" : "DOWN", "errors", s.errors(), "pendingInvalidations",
          s.pendingInvalidations()));
    }
    return (up ? Health.up() : Health.down())
        .withDetail("redis", tiers.config().toString())
        .withDetail("caches", caches)
        .build();
  }
}
