package io.caskade;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.caskade.entry.Entry;
import io.caskade.time.CacheClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The in-process tier on Caffeine. Each slot remembers the namespace generation it was stored
 * under, so {@link #invalidateAll()} is exact and O(1): a slot from an older generation is a miss
 * even if a concurrent fill slipped past the physical clear.
 */
final class L1Store<K, V> {

  private static final class Slot<V> {
    final Entry<V> entry;
    final long generation;

    Slot(Entry<V> entry, long generation) {
      this.entry = entry;
      this.generation = generation;
    }
  }

  private final com.github.benmanes.caffeine.cache.Cache<K, Slot<V>> cache;
  private final AtomicLong generation = new AtomicLong();
  private final long capNanos;
  /** The cap in force: {@link #capNanos}, or shorter while invalidations may be missed. */
  private volatile long activeCapNanos;

  L1Store(long maximumSize, Duration maxLifetime, CacheClock clock) {
    this.capNanos = maxLifetime == null ? Long.MAX_VALUE : maxLifetime.toNanos();
    this.activeCapNanos = capNanos;
    this.cache = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .ticker(clock::nanos)
        .expireAfter(new Expiry<K, Slot<V>>() {
          @Override
          public long expireAfterCreate(K key, Slot<V> slot, long now) {
            return Math.max(0, Math.min(slot.entry.expiresAt() - now, activeCapNanos));
          }

          @Override
          public long expireAfterUpdate(K key, Slot<V> slot, long now, long remaining) {
            return expireAfterCreate(key, slot, now);
          }

          @Override
          public long expireAfterRead(K key, Slot<V> slot, long now, long remaining) {
            return remaining;
          }
        })
        .build();
  }

  /** The entry under {@code key}, or null. */
  Entry<V> get(K key) {
    Slot<V> slot = cache.getIfPresent(key);
    if (slot == null || slot.generation != generation.get()) {
      return null;
    }
    return slot.entry;
  }

  void put(K key, Entry<V> entry) {
    cache.put(key, new Slot<>(entry, generation.get()));
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
      return new Slot<>(entry, generation.get());
    });
    return stored[0];
  }

  /** Keeps entries stored from now on for at most {@code lifetime} (until {@link #restoreLifetime()}). */
  void limitLifetime(Duration lifetime) {
    activeCapNanos = Math.min(capNanos, lifetime.toNanos());
  }

  void restoreLifetime() {
    activeCapNanos = capNanos;
  }

  void invalidate(K key) {
    cache.invalidate(key);
  }

  void invalidateAll() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }

  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Up to {@code n} keys chosen uniformly at random (reservoir sampling over the keys). */
  List<K> sample(int n, java.util.Random random) {
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
}
