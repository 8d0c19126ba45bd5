package io.caskade.spring.boot;

import java.time.Duration;

/**
 * The settings of one cache: its overrides over the defaults, resolved once.
 *
 * @param name the cache name
 * @param valueType the declared value type, or null (trusted-class JSON in L2)
 */
public record CacheSpec(String name, Duration ttl, Duration negativeTtl,
    Duration staleWhileRevalidate, Duration staleIfError, double earlyRefresh, long maximumSize,
    boolean l2, int maxConcurrentLoads, int maxLoadsPerSecond, Duration loadTimeout,
    Duration leaseWait, boolean circuitBreaker, Class<?> valueType) {

  /** The spec of cache {@code name}: {@code caskade.caches.<name>.*} over {@code caskade.*}. */
  public static CacheSpec resolve(CaskadeProperties p, String name) {
    CacheSettings o = p.getCaches().getOrDefault(name, new CacheSettings());
    return new CacheSpec(name,
        or(o.getTtl(), p.getTtl()),
        or(o.getNegativeTtl(), p.getNegativeTtl()),
        or(o.getStaleWhileRevalidate(), p.getStaleWhileRevalidate()),
        or(o.getStaleIfError(), p.getStaleIfError()),
        or(o.getEarlyRefresh(), p.getEarlyRefresh()),
        or(o.getMaximumSize(), p.getMaximumSize()),
        or(o.getL2(), p.isL2()),
        or(o.getMaxConcurrentLoads(), p.getMaxConcurrentLoads()),
        or(o.getMaxLoadsPerSecond(), p.getMaxLoadsPerSecond()),
        or(o.getLoadTimeout(), p.getLoadTimeout()),
        or(o.getLeaseWait(), p.getLeaseWait()),
        or(o.getCircuitBreaker(), p.isCircuitBreaker()),
        o.getValueType());
  }

  /** True when loads go through a protected source (bulkhead, rate limit or breaker). */
  public boolean protectsSource() {
    return maxConcurrentLoads > 0 || maxLoadsPerSecond > 0 || circuitBreaker;
  }

  private static <T> T or(T override, T fallback) {
    return override != null ? override : fallback;
  }
}
