package io.caskade.jcache;

import io.caskade.source.Source;
import java.time.Duration;
import java.util.Objects;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A JCache configuration with what JSR-107 cannot express: a shared Redis L2 tier under the
 * in-process L1, the L1's size and lifetime cap, a {@link Source} protecting read-through loads
 * (bulkhead, rate limit, timeout, circuit breaker), refresh-ahead, XFetch and stale windows around
 * read-through, and a herd wait for callers that load and put themselves (Hibernate).
 *
 * <pre>{@code
 * cacheManager.createCache("users", new CaskadeConfiguration<Long, User>()
 *     .redis("redis://127.0.0.1:6379").maximumSize(50_000)
 *     .setTypes(Long.class, User.class));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public class CaskadeConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  private String redisUri;
  private String redisName;
  private boolean l1Enabled = true;
  private long maximumSize;
  private Duration l1MaxLifetime;
  private Duration herdWait;
  private Duration refreshAhead;
  private Duration staleWhileRevalidate;
  private Duration staleIfError;
  private double earlyRefreshBeta;
  private transient Source source;

  /** The JSR-107 defaults, no L2, an unbounded L1. */
  public CaskadeConfiguration() {}

  /** A copy of {@code configuration}, Caskade settings included when it has them. */
  public CaskadeConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof CaskadeConfiguration<K, V> c) {
      this.redisUri = c.redisUri;
      this.redisName = c.redisName;
      this.l1Enabled = c.l1Enabled;
      this.maximumSize = c.maximumSize;
      this.l1MaxLifetime = c.l1MaxLifetime;
      this.source = c.source;
      this.herdWait = c.herdWait;
      this.refreshAhead = c.refreshAhead;
      this.staleWhileRevalidate = c.staleWhileRevalidate;
      this.staleIfError = c.staleIfError;
      this.earlyRefreshBeta = c.earlyRefreshBeta;
    }
  }

  /** Adds a Redis L2 tier at {@code uri} ({@code redis://}, {@code rediss://}, {@code redis+cluster://}). */
  public CaskadeConfiguration<K, V> redis(String uri) {
    this.redisUri = Objects.requireNonNull(uri, "uri");
    return this;
  }

  /**
   * The name of the cache in Redis (default: the JCache name): instances sharing a Redis share
   * the entries of caches with the same Redis name.
   */
  public CaskadeConfiguration<K, V> redisName(String name) {
    this.redisName = Objects.requireNonNull(name, "name");
    return this;
  }

  /** Keeps no in-process copy: every read asks the L2 tier (strict coherence across instances). */
  public CaskadeConfiguration<K, V> disableL1() {
    this.l1Enabled = false;
    return this;
  }

  /** Bounds the in-process L1 (default unbounded, as JSR-107 expects). */
  public CaskadeConfiguration<K, V> maximumSize(long size) {
    if (size <= 0) {
      throw new IllegalArgumentException("maximumSize must be positive: " + size);
    }
    this.maximumSize = size;
    return this;
  }

  /** Caps how long L1 keeps an entry before re-reading it from L2 (Caskade's default: 1 minute). */
  public CaskadeConfiguration<K, V> l1MaxLifetime(Duration cap) {
    this.l1MaxLifetime = Objects.requireNonNull(cap, "cap");
    return this;
  }

  /** Protects read-through loads ({@code CacheLoader}) with {@code source}. */
  public CaskadeConfiguration<K, V> source(Source source) {
    this.source = Objects.requireNonNull(source, "source");
    return this;
  }

  /**
   * Makes a {@code get} that misses wait up to {@code wait} while the caller that missed the key
   * first (in this JVM, and across instances through the L2 tier's leases) loads and puts it,
   * then return that value: one database query for a herd of Hibernate sessions loading one
   * entity. Off by default (JSR-107's {@code get} does not wait). Read-through caches do not need
   * it.
   */
  public CaskadeConfiguration<K, V> herdWait(Duration wait) {
    Objects.requireNonNull(wait, "wait");
    if (wait.isNegative() || wait.isZero()) {
      throw new IllegalArgumentException("herdWait must be positive: " + wait);
    }
    this.herdWait = wait;
    return this;
  }

  /**
   * Read-through refresh-ahead: a hit this close to its expiry reloads in the background (one
   * reload per key), so a hot key never expires under its readers.
   */
  public CaskadeConfiguration<K, V> refreshAhead(Duration window) {
    this.refreshAhead = notNegative(window, "refreshAhead");
    return this;
  }

  /**
   * Read-through stale-while-revalidate: an entry expired at most this long ago is returned while
   * one background reload runs.
   */
  public CaskadeConfiguration<K, V> staleWhileRevalidate(Duration window) {
    this.staleWhileRevalidate = notNegative(window, "staleWhileRevalidate");
    return this;
  }

  /**
   * Read-through stale-if-error: an entry expired at most this long ago is returned when its
   * reload fails (instead of the {@code CacheLoaderException}).
   */
  public CaskadeConfiguration<K, V> staleIfError(Duration window) {
    this.staleIfError = notNegative(window, "staleIfError");
    return this;
  }

  /**
   * Read-through XFetch early refresh: a hit reloads in the background when
   * {@code now - loadCost * beta * ln(random) >= expiry}, loadCost being the key's last load
   * time. Beta 1.0 is the paper's default; 0 turns it off (default).
   */
  public CaskadeConfiguration<K, V> earlyRefresh(double beta) {
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be a finite number >= 0: " + beta);
    }
    this.earlyRefreshBeta = beta;
    return this;
  }

  public double getEarlyRefreshBeta() {
    return earlyRefreshBeta;
  }

  public Duration getRefreshAhead() {
    return refreshAhead;
  }

  public Duration getStaleWhileRevalidate() {
    return staleWhileRevalidate;
  }

  public Duration getStaleIfError() {
    return staleIfError;
  }

  private static Duration notNegative(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + d);
    }
    return d;
  }

  /** The herd wait, or null when off. */
  public Duration getHerdWait() {
    return herdWait;
  }

  public String getRedisUri() {
    return redisUri;
  }

  public String getRedisName() {
    return redisName;
  }

  public boolean isL1Enabled() {
    return l1Enabled;
  }

  /** The L1 bound, 0 = unbounded. */
  public long getMaximumSize() {
    return maximumSize;
  }

  public Duration getL1MaxLifetime() {
    return l1MaxLifetime;
  }

  public Source getSource() {
    return source;
  }
}
