package io.caskade;

import io.caskade.bloom.BloomGuard;
import io.caskade.invalidation.Tagger;
import io.caskade.metrics.CacheEventListener;
import io.caskade.refresh.RefreshPolicy;
import io.caskade.source.Source;
import io.caskade.tier.Tier;
import io.caskade.time.CacheClock;
import io.caskade.snapshot.HotKeySnapshots;
import io.caskade.write.CacheWriter;
import io.caskade.write.WriteBehindQueue;
import io.caskade.write.WriteMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Configures and builds a {@link Cache}. Obtain one with {@link Caskade#builder(String)}.
 *
 * <pre>{@code
 * Cache<Long, User> users = Caskade.<Long, User>builder("users")
 *     .loader(userDao::find)                      // null = not found, cached negatively
 *     .ttl(Duration.ofMinutes(5)).ttlJitter(0.1)
 *     .staleWhileRevalidate(Duration.ofSeconds(30))
 *     .staleIfError(Duration.ofMinutes(10))
 *     .earlyRefresh(1.0)                          // XFetch
 *     .source(db)                                 // bulkhead, rate limit, timeout, breaker
 *     .build();
 * }</pre>
 *
 * Every option has a safe default; only the name is required. Not thread-safe; the cache it
 * builds is.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class CacheBuilder<K, V> {

  final String name;
  CacheLoader<? super K, ? extends V> loader;
  Expiry<? super K, ? super V> expiry;
  Duration ttl = Duration.ofMinutes(5);
  Duration negativeTtl = Duration.ofSeconds(30);
  double ttlJitter;
  Duration staleWhileRevalidate = Duration.ZERO;
  Duration staleIfError = Duration.ZERO;
  double earlyRefreshBeta;
  Duration refreshAhead = Duration.ZERO;
  RefreshPolicy refreshPolicy;
  long maximumSize = 10_000;
  boolean l1Enabled = true;
  Duration l1MaxLifetime;
  Tier<K, V> l2;
  Duration leaseWait = Duration.ofMillis(500);
  Duration l1LifetimeWhileBusDown = Duration.ofSeconds(5);
  Source source;
  Duration loadTimeout;
  BloomGuard<K> bloomGuard;
  Tagger<? super K, ? super V> tagger;
  CacheClock clock = CacheClock.system();
  final List<CacheEventListener> listeners = new ArrayList<>();
  int refreshConcurrency = 4;
  int refreshQueueCapacity = 1_000;
  Class<V> valueType;
  CacheWriter<K, V> writer;
  WriteMode writeMode = WriteMode.INVALIDATE;
  WriteBehindQueue<K, V> writeBehindQueue;
  long randomSeed;
  boolean seeded;
  HotKeySnapshots<K> hotKeySnapshots;
  int hotKeySnapshotSize;
  Duration hotKeySnapshotInterval;

  CacheBuilder(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    this.name = name;
  }

  /** The loader used by {@link Cache#get(Object)} (read-through) and by refreshes. */
  public CacheBuilder<K, V> loader(CacheLoader<? super K, ? extends V> loader) {
    this.loader = Objects.requireNonNull(loader, "loader");
    return this;
  }

  /**
   * Declares the value type: a loader returning anything else fails that load with a
   * {@link ClassCastException} (the cache never stores it) instead of surprising a caller later.
   */
  public CacheBuilder<K, V> valueType(Class<V> type) {
    this.valueType = Objects.requireNonNull(type, "type");
    return this;
  }

  /** Fresh lifetime of a loaded value (default 5 minutes). */
  public CacheBuilder<K, V> ttl(Duration ttl) {
    this.ttl = positive(ttl, "ttl");
    return this;
  }

  /** Fresh lifetime of a cached "not found" (default 30 seconds). */
  public CacheBuilder<K, V> negativeTtl(Duration negativeTtl) {
    this.negativeTtl = positive(negativeTtl, "negativeTtl");
    return this;
  }

  /** Per-entry TTL chosen from the loaded value; overrides {@link #ttl} and {@link #negativeTtl}. */
  public CacheBuilder<K, V> expiry(Expiry<? super K, ? super V> expiry) {
    this.expiry = Objects.requireNonNull(expiry, "expiry");
    return this;
  }

  /**
   * Shortens each TTL by a random share up to {@code fraction} (0 to 0.5), so keys loaded together
   * do not expire together.
   */
  public CacheBuilder<K, V> ttlJitter(double fraction) {
    if (!(fraction >= 0 && fraction <= 0.5)) {
      throw new IllegalArgumentException("ttlJitter must be within [0, 0.5]: " + fraction);
    }
    this.ttlJitter = fraction;
    return this;
  }

  /** After the TTL, serve the stale value for this long while one refresh runs (default off). */
  public CacheBuilder<K, V> staleWhileRevalidate(Duration window) {
    this.staleWhileRevalidate = notNegative(window, "staleWhileRevalidate");
    return this;
  }

  /** After the TTL, serve the stale value for this long when a load fails (default off). */
  public CacheBuilder<K, V> staleIfError(Duration window) {
    this.staleIfError = notNegative(window, "staleIfError");
    return this;
  }

  /**
   * Probabilistic early refresh (XFetch): a fresh hit refreshes in the background when
   * {@code now - loadCost * beta * ln(rand) >= freshUntil}. Beta 1.0 is the paper's default;
   * larger refreshes earlier; 0 turns it off (default).
   */
  public CacheBuilder<K, V> earlyRefresh(double beta) {
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be a finite number >= 0: " + beta);
    }
    this.earlyRefreshBeta = beta;
    return this;
  }

  /** Refresh-ahead: a hit within this long of expiry refreshes in the background (default off). */
  public CacheBuilder<K, V> refreshAhead(Duration window) {
    this.refreshAhead = notNegative(window, "refreshAhead");
    return this;
  }

  /**
   * A refresh policy of your own, instead of {@link #earlyRefresh} and {@link #refreshAhead}
   * (combine built-in ones with {@link RefreshPolicy#anyOf}).
   */
  public CacheBuilder<K, V> refreshPolicy(RefreshPolicy policy) {
    this.refreshPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** Fixes the random source of XFetch and jitter, for reproducible tests and lab runs. */
  public CacheBuilder<K, V> randomSeed(long seed) {
    this.randomSeed = seed;
    this.seeded = true;
    return this;
  }

  /** Maximum number of L1 entries (default 10,000), evicted by Caffeine's W-TinyLFU. */
  public CacheBuilder<K, V> maximumSize(long maximumSize) {
    if (maximumSize <= 0) {
      throw new IllegalArgumentException("maximumSize must be positive: " + maximumSize);
    }
    this.maximumSize = maximumSize;
    return this;
  }

  /** Turns the in-process L1 off (every read goes to L2 or the source). */
  public CacheBuilder<K, V> disableL1() {
    this.l1Enabled = false;
    return this;
  }

  /**
   * Caps how long L1 keeps any entry, whatever its TTL: the staleness backstop when an
   * invalidation from another instance is lost. Default: no cap without L2, 1 minute with L2.
   */
  public CacheBuilder<K, V> l1MaxLifetime(Duration cap) {
    this.l1MaxLifetime = positive(cap, "l1MaxLifetime");
    return this;
  }

  /**
   * While the L2 tier cannot hear other instances' invalidations (its bus is down), what L1 held
   * is no longer served as fresh — only as a fallback when a load fails — and new L1 entries live
   * at most this long (default 5 seconds): bounded staleness during the gap.
   */
  public CacheBuilder<K, V> l1LifetimeWhileBusDown(Duration lifetime) {
    this.l1LifetimeWhileBusDown = positive(lifetime, "l1LifetimeWhileBusDown");
    return this;
  }

  /** A shared tier below L1 (e.g. the Redis tier). */
  public CacheBuilder<K, V> l2(Tier<K, V> tier) {
    this.l2 = Objects.requireNonNull(tier, "tier");
    return this;
  }

  /** How long a caller waits for another instance's leased load before loading itself (default 500ms). */
  public CacheBuilder<K, V> leaseWait(Duration wait) {
    this.leaseWait = notNegative(wait, "leaseWait");
    return this;
  }

  /** The protected source every load of this cache goes through (shareable between caches). */
  public CacheBuilder<K, V> source(Source source) {
    this.source = Objects.requireNonNull(source, "source");
    return this;
  }

  /** How long a caller waits for a load (default: the source's load timeout, else 10s). */
  public CacheBuilder<K, V> loadTimeout(Duration timeout) {
    this.loadTimeout = positive(timeout, "loadTimeout");
    return this;
  }

  /** A bloom filter of existing keys: ruled-out keys are "not found" without a load. */
  public CacheBuilder<K, V> bloomGuard(BloomGuard<K> guard) {
    this.bloomGuard = Objects.requireNonNull(guard, "guard");
    return this;
  }

  /** Tags for dependency invalidation, named per loaded entry. */
  public CacheBuilder<K, V> tags(Tagger<? super K, ? super V> tagger) {
    this.tagger = Objects.requireNonNull(tagger, "tagger");
    return this;
  }

  /** The time source (tests pass a {@link io.caskade.time.FakeClock}). */
  public CacheBuilder<K, V> clock(CacheClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Adds a listener that sees every event (the same ones {@link Cache#stats()} counts). */
  public CacheBuilder<K, V> listener(CacheEventListener listener) {
    this.listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Bounds background refreshes: at most {@code threads} running and {@code queue} waiting; a
   * refresh beyond that is rejected, counted and logged (defaults 4 and 1,000).
   */
  public CacheBuilder<K, V> refreshConcurrency(int threads, int queue) {
    if (threads <= 0 || queue < 0) {
      throw new IllegalArgumentException("threads must be positive and queue not negative");
    }
    this.refreshConcurrency = threads;
    this.refreshQueueCapacity = queue;
    return this;
  }

  /**
   * The writer {@link Cache#write} and {@link Cache#delete} use to change the source, and the
   * mode that keeps the cache with it (default {@link WriteMode#INVALIDATE}).
   */
  public CacheBuilder<K, V> writer(CacheWriter<K, V> writer,
      WriteMode mode) {
    this.writer = Objects.requireNonNull(writer, "writer");
    this.writeMode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /** {@link #writer(CacheWriter, WriteMode)} in INVALIDATE mode. */
  public CacheBuilder<K, V> writer(CacheWriter<K, V> writer) {
    return writer(writer, WriteMode.INVALIDATE);
  }

  /**
   * Write-behind: {@link Cache#write} stores in the cache and queues the write on {@code queue},
   * which flushes through {@code writer}. The cache starts the queue and closes it on close.
   */
  public CacheBuilder<K, V> writeBehind(CacheWriter<K, V> writer,
      WriteBehindQueue<K, V> queue) {
    this.writer = Objects.requireNonNull(writer, "writer");
    this.writeBehindQueue = Objects.requireNonNull(queue, "queue");
    this.writeMode = WriteMode.BEHIND;
    return this;
  }

  /**
   * Keeps a hot-key snapshot in {@code store}: the cache stores its {@code n} hottest L1 keys
   * every {@code interval} and once more on {@link Cache#close()} (which also closes the store),
   * and {@code WarmUp.of(cache).runSnapshot(store)} loads them back, e.g. at the start of a new
   * instance.
   */
  public CacheBuilder<K, V> hotKeySnapshots(HotKeySnapshots<K> store, int n, Duration interval) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be positive: " + n);
    }
    this.hotKeySnapshots = Objects.requireNonNull(store, "store");
    this.hotKeySnapshotSize = n;
    this.hotKeySnapshotInterval = positive(interval, "interval");
    return this;
  }

  /**
   * Builds the cache from a frozen copy of this configuration: changing the builder afterwards
   * does not change the cache.
   */
  public Cache<K, V> build() {
    return new TieredCache<>(CacheSpec.of(this)).start();
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
    return d;
  }

  private static Duration notNegative(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative: " + d);
    }
    return d;
  }
}
