package io.caskade.spring.boot;

import java.time.Duration;

/**
 * {@code caskade.caches.<name>.*}: overrides for one cache; what is unset comes from
 * {@code caskade.*}.
 */
public class CacheSettings {

  /** Fresh lifetime of a value. */
  private Duration ttl;

  /** Fresh lifetime of a cached "not found". */
  private Duration negativeTtl;

  /** Window after the TTL in which the stale value is served while one refresh runs. */
  private Duration staleWhileRevalidate;

  /** Window after the TTL in which the stale value is served when a load fails. */
  private Duration staleIfError;

  /** XFetch factor for probabilistic early refresh (0 = off). */
  private Double earlyRefresh;

  /** Maximum number of entries in the L1. */
  private Long maximumSize;

  /** Whether this cache uses the shared L2 (Redis). */
  private Boolean l2;

  /** Bulkhead: loads running at once (0 = unbounded). */
  private Integer maxConcurrentLoads;

  /** Rate limit: loads started per second (0 = unbounded). */
  private Integer maxLoadsPerSecond;

  /** How long a caller waits for a load. */
  private Duration loadTimeout;

  /** How long a caller waits for another instance's load of the same key. */
  private Duration leaseWait;

  /** Whether the source gets a circuit breaker. */
  private Boolean circuitBreaker;

  /**
   * The type of the cached values: L2 bytes are read as exactly this type (JSON). Unset: the
   * value's class is recorded and only trusted packages are read back.
   */
  private Class<?> valueType;

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

  public Double getEarlyRefresh() {
    return earlyRefresh;
  }

  public void setEarlyRefresh(Double earlyRefresh) {
    this.earlyRefresh = earlyRefresh;
  }

  public Long getMaximumSize() {
    return maximumSize;
  }

  public void setMaximumSize(Long maximumSize) {
    this.maximumSize = maximumSize;
  }

  public Boolean getL2() {
    return l2;
  }

  public void setL2(Boolean l2) {
    this.l2 = l2;
  }

  public Integer getMaxConcurrentLoads() {
    return maxConcurrentLoads;
  }

  public void setMaxConcurrentLoads(Integer maxConcurrentLoads) {
    this.maxConcurrentLoads = maxConcurrentLoads;
  }

  public Integer getMaxLoadsPerSecond() {
    return maxLoadsPerSecond;
  }

  public void setMaxLoadsPerSecond(Integer maxLoadsPerSecond) {
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

  public Boolean getCircuitBreaker() {
    return circuitBreaker;
  }

  public void setCircuitBreaker(Boolean circuitBreaker) {
    this.circuitBreaker = circuitBreaker;
  }

  public Class<?> getValueType() {
    return valueType;
  }

  public void setValueType(Class<?> valueType) {
    this.valueType = valueType;
  }
}
