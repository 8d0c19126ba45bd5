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
import java.util.function.BooleanSupplier;

/**
 * The in-process tier on Caffeine, holding the entries themselves (one object per key beyond
 * Caffeine's own), bounded by size (W-TinyLFU) and, with an L2, by a maximum lifetime
 * (Caffeine's {@code expireAfterWrite} on this cache's clock).
 *
 * <p>An entry's own expiry is checked on every hit anyway, so no per-entry Caffeine expiry policy
 * adds a clock read and timer-wheel work to each hit: an entry past {@link Entry#expiresAt()}
 * reads as absent and is removed on the spot; a periodic sweep removes those nobody reads.
 *
 * <p>{@link #invalidateAll()} swaps in a new, empty Caffeine cache: exact and O(1), and a fill
 * racing with it lands in the discarded cache, never in the new one.
 */
final class L1Store<K, V> implements AutoCloseable {

  private static final ScheduledExecutorService SWEEPER =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "caskade-l1-sweeper");
        t.setDaemon(true);
        return t;
      });
  private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

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

  L1Store(long maximumSize, Duration maxLifetime, CacheClock clock) {
    this.maximumSize = maximumSize;
    this.maxLifetime = maxLifetime;
    this.activeLifetime = maxLifetime;
    this.clock = clock;
    this.cache = newCache();
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
  Entry<V> get(K key, long now) {
    com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> c = cache;
    Entry<V> entry = c.getIfPresent(key);
    if (entry != null && now >= entry.expiresAt()) {
      c.asMap().remove(key, entry);
      return null;
    }
    return entry;
  }

  /** The entry under {@code key}, or null. */
  Entry<V> get(K key) {
    return get(key, clock.nanos());
  }

  void put(K key, Entry<V> entry) {
    cache.put(key, entry);
  }

  /**
   * Stores {@code entry} unless {@code voided} says the key was invalidated meanwhile; atomic with
   * respect to {@link #invalidate}, which runs after the invalidation is marked.
   */
  boolean putUnlessVoided(K key, Entry<V> entry, BooleanSupplier voided) {
    boolean[] stored = {false};
    cache.asMap().compute(key, (k, old) -> {
      if (voided.getAsBoolean()) {
        return old;
      }
      stored[0] = true;
      return entry;
    });
    return stored[0];
  }

  /**
   * Invalidations may be missed from now on: what L1 holds becomes {@link #suspect} (a fallback
   * on load failure only) and new entries live at most {@code lifetime}, until {@link #trust()}.
   */
  void distrust(Duration lifetime) {
    activeLifetime = maxLifetime == null || lifetime.compareTo(maxLifetime) < 0 ? lifetime
        : maxLifetime;
    com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> old = cache;
    cache = newCache();
    if (suspect == null) {
      suspect = old;
    }
  }

  /** Invalidations are heard again: back to the configured lifetime, and L1 (suspects too) cleared. */
  void trust() {
    activeLifetime = maxLifetime;
    suspect = null;
    cache = newCache();
  }

  /** The entry L1 held for {@code key} when invalidations stopped being heard, or null. */
  Entry<V> suspect(K key, long now) {
    com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> s = suspect;
    if (s == null) {
      return null;
    }
    Entry<V> entry = s.getIfPresent(key);
    return entry == null || now >= entry.expiresAt() ? null : entry;
  }

  void invalidate(K key) {
    cache.invalidate(key);
    com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> s = suspect;
    if (s != null) {
      s.invalidate(key);
    }
  }

  void invalidateAll() {
    com.github.benmanes.caffeine.cache.Cache<K, Entry<V>> old = cache;
    suspect = null;
    cache = newCache();
    old.invalidateAll();
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
  List<K> sample(int n, Random random) {
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
  List<K> hottest(int n) {
    cache.cleanUp(); // apply buffered writes first, so just-stored keys are ranked too
    return cache.policy().eviction()
        .map(e -> new ArrayList<>(e.hottest(n).keySet()))
        .orElseGet(ArrayList::new);
  }

  @Override
  public void close() {
    sweep.cancel(false);
  }
}
