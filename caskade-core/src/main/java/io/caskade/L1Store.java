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
import java.util.function.BooleanSupplier;

/**
 * The in-process tier on Caffeine, bounded by size only (W-TinyLFU). Expiry is ours, not
 * Caffeine's: every hit checks the entry's own instants anyway, so a Caffeine expiry policy would
 * only add a clock read and timer-wheel work to each hit. A slot whose {@link Slot#deadline} has
 * passed reads as absent and is removed on the spot; a sweep removes those nobody reads.
 *
 * <p>Each slot also remembers the namespace generation it was stored under, so
 * {@link #invalidateAll()} is exact and O(1): a slot from an older generation is a miss even if a
 * concurrent fill slipped past the physical clear.
 */
final class L1Store<K, V> implements AutoCloseable {

  private static final ScheduledExecutorService SWEEPER =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "caskade-l1-sweeper");
        t.setDaemon(true);
        return t;
      });
  private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

  /** What L1 holds for a key: the entry, with what the hit path reads copied alongside it. */
  static final class Slot<V> {
    final Entry<V> entry;
    final V value;
    final long freshUntil;
    /** The last instant this slot may be used at all (entry expiry, capped by L1's lifetime). */
    final long deadline;
    final long generation;
    final boolean tagged;

    Slot(Entry<V> entry, long deadline, long generation) {
      this.entry = entry;
      this.value = entry.value();
      this.freshUntil = entry.freshUntil();
      this.deadline = deadline;
      this.generation = generation;
      this.tagged = !entry.tagVersions().isEmpty();
    }
  }

  private final com.github.benmanes.caffeine.cache.Cache<K, Slot<V>> cache;
  private final CacheClock clock;
  private final AtomicLong generation = new AtomicLong();
  private final long capNanos;
  /** The cap in force: {@link #capNanos}, or shorter while invalidations may be missed. */
  private volatile long activeCapNanos;
  private final ScheduledFuture<?> sweep;

  L1Store(long maximumSize, Duration maxLifetime, CacheClock clock) {
    this.clock = clock;
    this.capNanos = maxLifetime == null ? Long.MAX_VALUE : maxLifetime.toNanos();
    this.activeCapNanos = capNanos;
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
    this.sweep = SWEEPER.scheduleWithFixedDelay(this::sweep, SWEEP_INTERVAL.toMillis(),
        SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The usable slot under {@code key} at {@code now} (fresh or stale), or null. */
  Slot<V> slot(K key, long now) {
    Slot<V> slot = cache.getIfPresent(key);
    if (slot == null) {
      return null;
    }
    if (now >= slot.deadline || slot.generation != generation.get()) {
      cache.asMap().remove(key, slot);
      return null;
    }
    return slot;
  }

  /** The entry under {@code key}, or null. */
  Entry<V> get(K key) {
    Slot<V> slot = slot(key, clock.nanos());
    return slot == null ? null : slot.entry;
  }

  void put(K key, Entry<V> entry) {
    cache.put(key, slotFor(entry));
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
      return slotFor(entry);
    });
    return stored[0];
  }

  private Slot<V> slotFor(Entry<V> entry) {
    long now = clock.nanos();
    long cap = activeCapNanos;
    long capped = cap >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + cap;
    return new Slot<>(entry, Math.min(entry.expiresAt(), capped), generation.get());
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

  /** Removes the slots nobody will use again (past their deadline, or of an old generation). */
  void sweep() {
    long now = clock.nanos();
    long current = generation.get();
    cache.asMap().values().removeIf(s -> now >= s.deadline || s.generation != current);
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
