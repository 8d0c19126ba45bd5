package io.caskade.jcache;

import io.caskade.CacheBuilder;
import io.caskade.Caskade;
import io.caskade.jcache.store.EntryStore;
import io.caskade.jcache.store.HerdGuard;
import io.caskade.jcache.store.JavaSerializationCodec;
import io.caskade.jcache.store.ObjectKeyCodec;
import io.caskade.jcache.store.Stored;
import io.caskade.redis.RedisTier;
import io.caskade.redis.RedisTierBuilder;
import java.time.Duration;

/** Builds the Caskade cache behind one JCache cache from its {@link CaskadeConfiguration}. */
final class CaskadeCaches {

  /** Caskade keeps an expired entry this much longer, so the provider sees it expire (events). */
  static final Duration EXPIRED_GRACE = Duration.ofMinutes(1);
  private static final Duration ETERNAL = Duration.ofDays(365L * 100);

  private CaskadeCaches() {}

  static EntryStore store(String name, CaskadeConfiguration<?, ?> config, ClassLoader loader,
      RedisPlatforms platforms) {
    CacheBuilder<Object, Stored> b = Caskade.<Object, Stored>builder(name)
        .expiry((k, s) -> lifetime(s, grace(config)))
        .maximumSize(config.getMaximumSize() > 0 ? config.getMaximumSize() : Long.MAX_VALUE);
    if (!config.isL1Enabled()) {
      b.disableL1();
    }
    if (config.getL1MaxLifetime() != null) {
      b.l1MaxLifetime(config.getL1MaxLifetime());
    }
    boolean shared = config.getRedisUri() != null;
    Duration herdWait = config.getHerdWait();
    RedisTier<Object, Stored> tier = null;
    if (shared) {
      String redisName = config.getRedisName() != null ? config.getRedisName() : name;
      RedisTierBuilder<Object, Stored> t = RedisTier.builder(
          platforms.of(config.getRedisUri()), redisName,
          new ObjectKeyCodec(loader), new JavaSerializationCodec(loader));
      if (herdWait != null) {
        t.leaseTtl(herdWait);
      }
      tier = t.build();
      b.l2(tier);
    }
    HerdGuard herd = herdWait == null ? null
        : new HerdGuard(tier == null ? null : tier.leases(), herdWait);
    return new EntryStore(b.build(), shared, herd, grace(config));
  }

  /** How long Caskade keeps an expired entry: the grace, or the longer stale window. */
  private static Duration grace(CaskadeConfiguration<?, ?> config) {
    Duration g = EXPIRED_GRACE;
    for (Duration d : new Duration[] {config.getStaleWhileRevalidate(), config.getStaleIfError()}) {
      if (d != null && d.compareTo(g) > 0) {
        g = d;
      }
    }
    return g;
  }

  private static Duration lifetime(Stored s, Duration grace) {
    if (s == null || s.expireAt() == Long.MAX_VALUE) {
      return ETERNAL;
    }
    long remaining = s.expireAt() - System.currentTimeMillis();
    return Duration.ofMillis(Math.max(1, remaining)).plus(grace);
  }
}
