package io.caskade.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code caskade.*}: the settings every cache starts from, per-cache overrides under
 * {@code caskade.caches.<name>.*}, and where Redis is.
 */
@ConfigurationProperties("caskade")
public class CaskadeProperties {

  /** Whether the Caskade cache manager is auto-configured. */
  private boolean enabled = true;

  /** Whether cache names not listed under caskade.caches get a cache on first use. */
  private boolean dynamic = true;

  /** Fresh lifetime of a value. */
  private Duration ttl = Duration.ofMinutes(5);

  /** Fresh lifetime of a cached "not found" (a method that returned null). */
  private Duration negativeTtl = Duration.ofSeconds(30);

  /** Window after the TTL in which the stale value is served while one refresh runs. */
  private Duration staleWhileRevalidate = Duration.ZERO;

  /** Window after the TTL in which the stale value is served when a load fails. */
  private Duration staleIfError = Duration.ZERO;

  /** XFetch factor for probabilistic early refresh (0 = off, 1.0 = the paper's default). */
  private double earlyRefresh = 0.0;

  /** Maximum number of entries in each cache's L1 (in-process). */
  private long maximumSize = 10_000;

  /** Whether caches use the shared L2 (Redis) when one is configured. */
  private boolean l2 = true;

  /** Bulkhead: loads of one cache running at once (0 = unbounded). */
  private int maxConcurrentLoads = 0;

  /** Rate limit: loads of one cache started per second (0 = unbounded). */
  private int maxLoadsPerSecond = 0;

  /** How long a caller waits for a load. */
  private Duration loadTimeout = Duration.ofSeconds(10);

  /**
   * How long a caller waits for another instance's load of the same key (the fleet-wide lease)
   * before loading itself.
   */
  private Duration leaseWait = Duration.ofMillis(500);

  /** Whether each cache's source gets a circuit breaker (fail fast while loads keep failing). */
  private boolean circuitBreaker = false;

  /**
   * Packages whose classes may be read back from L2 for caches without a value-type (the
   * application's own packages are always trusted).
   */
  private List<String> trustedPackages = new ArrayList<>();

  /** Per-cache overrides, by cache name; these caches are built at start-up. */
  private Map<String, CacheSettings> caches = new LinkedHashMap<>();

  private final Redis redis = new Redis();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isDynamic() {
    return dynamic;
  }

  public void setDynamic(boolean dynamic) {
    this.dynamic = dynamic;
  }

  public Duration getTtl() {
    return ttl;
  }

  public void setTtl(Duration ttl) {
    this.ttl = ttl;
  }

  public Duration getNegativeTtl() {
    return negativeTtl;
  }

  public void setNegativeTtl(Duration negativeTtl) {
    this.negativeTtl = negativeTtl;
  }

  public Duration getStaleWhileRevalidate() {
    return staleWhileRevalidate;
  }

  public void setStaleWhileRevalidate(Duration staleWhileRevalidate) {
    this.staleWhileRevalidate = staleWhileRevalidate;
  }

  public Duration getStaleIfError() {
    return staleIfError;
  }

  public void setStaleIfError(Duration staleIfError) {
    this.staleIfError = staleIfError;
  }

  public double getEarlyRefresh() {
    return earlyRefresh;
  }

  public void setEarlyRefresh(double earlyRefresh) {
    this.earlyRefresh = earlyRefresh;
  }

  public long getMaximumSize() {
    return maximumSize;
  }

  public void setMaximumSize(long maximumSize) {
    this.maximumSize = maximumSize;
  }

  public boolean isL2() {
    return l2;
  }

  public void setL2(boolean l2) {
    this.l2 = l2;
  }

  public int getMaxConcurrentLoads() {
    return maxConcurrentLoads;
  }

  public void setMaxConcurrentLoads(int maxConcurrentLoads) {
    this.maxConcurrentLoads = maxConcurrentLoads;
  }

  public int getMaxLoadsPerSecond() {
    return maxLoadsPerSecond;
  }

  public void setMaxLoadsPerSecond(int maxLoadsPerSecond) {
    this.maxLoadsPerSecond = maxLoadsPerSecond;
  }

  public Duration getLoadTimeout() {
    return loadTimeout;
  }

  public void setLoadTimeout(Duration loadTimeout) {
    this.loadTimeout = loadTimeout;
  }

  public Duration getLeaseWait() {
    return leaseWait;
  }

  public void setLeaseWait(Duration leaseWait) {
    this.leaseWait = leaseWait;
  }

  public boolean isCircuitBreaker() {
    return circuitBreaker;
  }

  public void setCircuitBreaker(boolean circuitBreaker) {
    this.circuitBreaker = circuitBreaker;
  }

  public List<String> getTrustedPackages() {
    return trustedPackages;
  }

  public void setTrustedPackages(List<String> trustedPackages) {
    this.trustedPackages = trustedPackages;
  }

  public Map<String, CacheSettings> getCaches() {
    return caches;
  }

  public void setCaches(Map<String, CacheSettings> caches) {
    this.caches = caches;
  }

  public Redis getRedis() {
    return redis;
  }

  /** {@code caskade.redis.*}: used when {@code spring.data.redis.*} is not set. */
  public static class Redis {

    /**
     * Redis URI (redis://, rediss://, redis+cluster://h1:p,h2:p). When unset,
     * spring.data.redis.* is used; when neither is set, caches are L1 only.
     */
    private String url;

    /** Timeout of every Redis command: no caller waits on Redis longer. */
    private Duration commandTimeout = Duration.ofMillis(500);

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public Duration getCommandTimeout() {
      return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
    }
  }
}
