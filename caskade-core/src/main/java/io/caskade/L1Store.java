package io.caskade;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.caskade.entry.Entry;
import io.caskade.time.CacheClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The in-process tier on Caffeine, holding the entries themselves (one object per key beyond
 * Caffeine's own), bounded by size (W-TinyLFU) and, with an L2, by a maximum lifetime
 * (Caffeine's {@code expireAfterWrite} on this cache's clock).
 *
 * <p>An entry's own expiry is checked on every hit anyway, so no per-entry Caffeine expiry policy
 * adds a clock read and timer-wheel work to each hit: an entry past {@link Entry#expiresAt()}
 * reads as absent and is removed on the spot; a periodic sweep removes those nobody reads.
 *
 * <p>{@link #invalidateAll()} swaps in a new, empty Caffeine cache: exact and O(1).
 *
 * <p><b>Fills never undo invalidations.</b> A value read from a lower tier (L2 or the source) may
 * be older than an invalidation that arrives while it is in flight. So every such fill is guarded
 * by a {@link #stamp} taken <i>before</i> the lower tier was read: each invalidation first advances
 * the stamp of its key's stripe (and {@link #invalidateAll()} a cache-wide one), then removes; a
 * guarded fill checks the stamp inside Caffeine's per-key compute, so it either lands before the
 * removal (and is removed with it) or is refused. A stripe shared with another key only costs a
 * refused fill (the next read goes to L2), never a stale value.
 */
final class L1Store<K, V> implements LocalTier<K, V> {

  private static final ScheduledExecutorService SWEEPER =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "caskade-l1-sweeper");
        t.setDaemon(true);
        return t;
      });
  private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);
  private static final int STRIPES = 4096;

  private final long maximumSize;
  private final Duration maxLifetime;
  private final CacheClock clock;
  private volatile com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> cache;
  /**
   * While invalidations may be missed (the bus is down): what L1 held when that began. Never
   * served as fresh; only a fallback when a load fails (stale-if-error, or still inside its TTL).
   */
  private volatile com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> suspect;
  /** The lifetime cap in force: {@link #maxLifetime}, or shorter while invalidations may be missed. */
  private volatile Duration activeLifetime;
  private final ScheduledFuture<?> sweep;
  /** Per-stripe invalidation counters: see {@link #stamp}. */
  private final AtomicLongArray stripes;
  private final int stripeMask;
  /** Advanced by every cache-wide clear ({@link #invalidateAll}, {@link #trust}, {@link #distrust}). */
  private final AtomicLong clears = new AtomicLong();

  L1Store(long maximumSize, Duration maxLifetime, CacheClock clock) {
    this.maximumSize = maximumSize;
    this.maxLifetime = maxLifetime;
    this.activeLifetime = maxLifetime;
    this.clock = clock;
    this.cache = newCache();
    int n = Integer.highestOneBit((int) Math.max(64, Math.min(STRIPES, maximumSize)));
    this.stripes = new AtomicLongArray(n);
    this.stripeMask = n - 1;
    this.sweep = SWEEPER.scheduleWithFixedDelay(this::sweep, SWEEP_INTERVAL.toMillis(),
        SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> newCache() {
    Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(maximumSize);
    Duration lifetime = activeLifetime;
    if (lifetime != null) {
      builder.expireAfterWrite(lifetime).ticker(clock::nanos);
    }
    return builder.build();
  }

  /** The usable entry under {@code key} at {@code now} (fresh or stale), or null. */
  @Override
  public Entry<V> get(K key, long now) {
    com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> c = cache;
    Entry<V> entry = c.getIfPresent(key);
    if (entry != null && now >= entry.expiresAt()) {
      c.asMap().remove(key, entry);
      return null;
    }
    return entry;
  }

  /** The entry under {@code key}, or null. */
  @Override
  public Entry<V> get(K key) {
    return get(key, clock.nanos());
  }

  @Override
  public void put(K key, Entry<V> entry) {
    cache.put(key, entry);
  }

  /**
   * What {@link #putIfUnchanged} compares with: take it before reading the lower tier whose
   * value will be put. It moves on every invalidation of {@code key}'s stripe and every clear.
   */
  @Override
  public long stamp(K key) {
    // Two counters folded into one: clears are rare, and any change of either refuses the fill.
    return stripes.get(stripe(key)) + (clears.get() << 40);
  }

  /**
   * Stores {@code entry} unless an invalidation of {@code key} (or a clear) came after
   * {@code stamp} was taken, or {@code voided} says so; atomic with respect to
   * {@link #invalidate}, which advances the stamp before it removes.
   *
   * @return true when stored
   */
  @Override
  public boolean putIfUnchanged(K key, Entry<V> entry, long stamp, BooleanSupplier voided) {
    com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> c = cache;
    if (stamp(key) != stamp) {
      return false;
    }
    boolean[] stored = {false};
    c.asMap().compute(key, (k, old) -> {
      if (stamp(key) != stamp || voided.getAsBoolean()) {
        return old;
      }
      stored[0] = true;
      return entry;
    });
    return stored[0];
  }

  private int stripe(K key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) * 0x9E3779B9 >>> 20 & stripeMask;
  }

  /**
   * Invalidations may be missed from now on: what L1 holds becomes {@link #suspect} (a fallback
   * on load failure only) and new entries live at most {@code lifetime}, until {@link #trust()}.
   */
  @Override
  public void distrust(Duration lifetime) {
    clears.incrementAndGet();
    activeLifetime = maxLifetime == null || lifetime.compareTo(maxLifetime) < 0 ? lifetime
        : maxLifetime;
    com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> old = cache;
    cache = newCache();
    if (suspect == null) {
      suspect = old;
    }
  }

  /** Invalidations are heard again: back to the configured lifetime, and L1 (suspects too) cleared. */
  @Override
  public void trust() {
    clears.incrementAndGet();
    activeLifetime = maxLifetime;
    suspect = null;
    cache = newCache();
  }

  /** The entry L1 held for {@code key} when invalidations stopped being heard, or null. */
  @Override
  public Entry<V> suspect(K key, long now) {
    com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> s = suspect;
    if (s == null) {
      return null;
    }
    Entry<V> entry = s.getIfPresent(key);
    return entry == null || now >= entry.expiresAt() ? null : entry;
  }

  @Override
  public void invalidate(K key) {
    stripes.incrementAndGet(stripe(key)); // first: a fill from before this can no longer land
    cache.invalidate(key);
    com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> s = suspect;
    if (s != null) {
      s.invalidate(key);
    }
  }

  @Override
  public void invalidateAll() {
    clears.incrementAndGet();
    com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> old = cache;
    suspect = null;
    cache = newCache();
    old.invalidateAll();
  }

  @Override
  public void invalidateIf(Predicate<? super K> affected) {
    clears.incrementAndGet(); // first: no fill that started before this lands
    cache.asMap().keySet().removeIf(affected);
    com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> s = suspect;
    if (s != null) {
      s.asMap().keySet().removeIf(affected);
    }
  }

  /** Removes the entries nobody will use again. */
  void sweep() {
    long now = clock.nanos();
    cache.asMap().values().removeIf(e -> now >= e.expiresAt());
  }

  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Up to {@code n} keys chosen uniformly at random (reservoir sampling over the keys). */
  @Override
  public List<K> sample(int n, Random random) {
    List<K> reservoir = new ArrayList<>(Math.max(0, n));
    if (n <= 0) {
      return reservoir;
    }
    long seen = 0;
    for (K key : cache.asMap().keySet()) {
      seen++;
      if (reservoir.size() < n) {
        reservoir.add(key);
      } else {
        long j = (long) (random.nextDouble() * seen);
        if (j < n) {
          reservoir.set((int) j, key);
        }
      }
    }
    return reservoir;
  }

  /** Up to {@code n} keys, most frequently used first (Caffeine's eviction policy). */
  @Override
  public List<K> hottest(int n) {
    cache.cleanUp(); // apply buffered writes first, so just-stored keys are ranked too
    return cache.policy().eviction()
        .map(e -> new ArrayList<>(e.hottest(n).keySet()))
        .orElseGet(ArrayList::new);
  }

  @Override
  public boolean isEnabled() {
    return true;
  }

  @Override
  public void close() {
    sweep.cancel(false);
  }
}
