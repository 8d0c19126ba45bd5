package io.caskade.redis;

import io.caskade.codec.Codec;
import io.caskade.codec.KeyCodec;
import io.caskade.time.CacheClock;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Configures a {@link RedisTier}. Defaults: 500 ms command timeout, 1 MiB values, leases on
 * with a 5 s lease TTL, generations and tags re-read at least every second, circuit open for
 * 1 s after half of the last 10 calls failed (at least 5), up to 10,000 queued invalidations.
 */
public final class RedisTierBuilder<K, V> {
  final RedisConfig config;
  final RedisPlatform platform;
  final String cache;
  final KeyCodec<K> keyCodec;
  final Codec<V> valueCodec;
  Duration commandTimeout = Duration.ofMillis(500);
  int maxValueBytes = 1 << 20;
  boolean leases = true;
  Duration leaseTtl = Duration.ofSeconds(5);
  Duration refreshInterval = Duration.ofSeconds(1);
  Duration breakerOpenFor = Duration.ofSeconds(1);
  Duration recoveryProbeInterval = Duration.ofMillis(100);
  int invalidationPartitions = io.caskade.bus.Partitions.DEFAULT_COUNT;
  CircuitBreakerConfig breakerConfig;
  int maxPendingInvalidations = 10_000;
  CacheClock clock = CacheClock.system();
  String valueVersion = "";

  RedisTierBuilder(RedisConfig config, RedisPlatform platform, String cache,
      KeyCodec<K> keyCodec, Codec<V> valueCodec) {
    this.config = config;
    this.platform = platform;
    this.cache = Objects.requireNonNull(cache, "cache");
    if (cache.isBlank()) {
      throw new IllegalArgumentException("cache name must not be blank");
    }
    this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
    this.valueCodec = Objects.requireNonNull(valueCodec, "valueCodec");
  }

  /** The longest any Redis command may take before it fails (default 500 ms). */
  public RedisTierBuilder<K, V> commandTimeout(Duration timeout) {
    this.commandTimeout = positive(timeout, "commandTimeout");
    return this;
  }

  /** The largest envelope written to Redis, in bytes (default 1 MiB). */
  public RedisTierBuilder<K, V> maxValueBytes(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxValueBytes must be positive: " + bytes);
    }
    this.maxValueBytes = bytes;
    return this;
  }

  /** Turns fleet-wide leases on (default) or off ({@link RedisTier#leases()} returns null). */
  public RedisTierBuilder<K, V> leases(boolean enabled) {
    this.leases = enabled;
    return this;
  }

  /** How long a lease holds before another instance may take it over (default 5 s). */
  public RedisTierBuilder<K, V> leaseTtl(Duration ttl) {
    this.leaseTtl = positive(ttl, "leaseTtl");
    return this;
  }

  /**
   * The longest this instance trusts its copy of the namespace generation and of tag versions
   * without re-reading them (default 1 s): the staleness bound when a bus message is lost.
   */
  public RedisTierBuilder<K, V> refreshInterval(Duration interval) {
    this.refreshInterval = positive(interval, "refreshInterval");
    return this;
  }

  /** How long the circuit stays open before trying Redis again (default 1 s). */
  public RedisTierBuilder<K, V> breakerOpenFor(Duration duration) {
    this.breakerOpenFor = positive(duration, "breakerOpenFor");
    return this;
  }

  /** Replaces the whole circuit-breaker configuration (Resilience4j's own). */
  public RedisTierBuilder<K, V> circuitBreaker(CircuitBreakerConfig config) {
    this.breakerConfig = Objects.requireNonNull(config, "config");
    return this;
  }

  /**
   * How many partitions key invalidations are numbered in (default 256): a lost bus message
   * costs an instance the L1 entries of one partition, about 1/n of L1. Every instance of a
   * cache must use the same number.
   */
  public RedisTierBuilder<K, V> invalidationPartitions(int n) {
    if (n <= 0 || n > 65_536) {
      throw new IllegalArgumentException("invalidationPartitions must be 1..65536: " + n);
    }
    this.invalidationPartitions = n;
    return this;
  }

  /** How often queued invalidations are retried and a lost subscription re-attempted. */
  public RedisTierBuilder<K, V> recoveryProbeInterval(Duration interval) {
    this.recoveryProbeInterval = positive(interval, "recoveryProbeInterval");
    return this;
  }

  /** At most this many invalidations wait for replay; beyond it they collapse to one clear. */
  public RedisTierBuilder<K, V> maxPendingInvalidations(int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("maxPendingInvalidations must be positive: " + n);
    }
    this.maxPendingInvalidations = n;
    return this;
  }

  /**
   * The clock entries' instants are on until the tier is given to a cache (default the system
   * clock); from then on the cache's clock is used.
   */
  public RedisTierBuilder<K, V> clock(CacheClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The version of the value schema this instance writes (default: none). Give the value class
   * a new version whenever its encoding changes incompatibly (fields renamed, removed, retyped):
   * during a rolling deploy, instances of different versions keep separate copies in Redis,
   * never reading nor deleting each other's, and an invalidation on any instance deletes every
   * version's copy. A version new to Redis stores its first copies once every instance has
   * re-read the versions (the longest {@code refreshInterval} plus {@code commandTimeout} of
   * any instance of the cache after its registration, 1.5 s by default); until then it
   * serves from L1 and the source only.
   *
   * @param version 1 to 64 of {@code [A-Za-z0-9_-]}, e.g. {@code "2"} or {@code "user-v2"}
   */
  public RedisTierBuilder<K, V> valueVersion(String version) {
    this.valueVersion = SchemaRegistry.checkVersion(Objects.requireNonNull(version, "version"));
    return this;
  }

  /**
   * Builds the tier: connects and tries AUTH, the lease scripts and SUBSCRIBE. An unreachable
   * Redis is retried in the background, not fatal.
   *
   * @throws RedisAccessException when Redis refuses the credentials, ACL or configuration
   */
  public RedisTier<K, V> build() {
    return new RedisTier<>(this);
  }

  CircuitBreakerConfig circuitBreaker() {
    return breakerConfig != null ? breakerConfig : defaultBreaker(breakerOpenFor);
  }

  /** Open after half of the last 10 calls failed (at least 5), for {@code openFor}. */
  static CircuitBreakerConfig defaultBreaker(Duration openFor) {
    return CircuitBreakerConfig.custom()
        .failureRateThreshold(50)
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(10)
        .minimumNumberOfCalls(5)
        .waitDurationInOpenState(openFor)
        .permittedNumberOfCallsInHalfOpenState(2)
        .build();
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
    return d;
  }
}
