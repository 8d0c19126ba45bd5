package io.caskade.redis;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * This instance's view of the cache's namespace generation, a {@link ClockCounters} counter in
 * Redis that is part of every value key. Learnt from the bus when another instance bumps it, and
 * re-read at least every {@code maxAgeNanos} so a lost bus message costs bounded staleness.
 * Unknown until first read.
 *
 * <p>The generation never silently goes back: a re-read that finds another generation than the
 * one this instance knew (a bump it did not hear of, or Redis restored lower) is adopted and
 * {@code onChange} runs (the tier clears L1, as for a bump heard on the bus). A lower generation
 * announced on the bus is not adopted as such (bus messages of two bumps may arrive out of
 * order): it forces a re-read, and Redis's answer decides.
 */
final class NamespaceGeneration {

  private final String key;
  private final long maxAgeNanos;
  private final Runnable onChange;
  private volatile long generation = -1;
  private volatile long readAt;
  /** Incremented by every bump and announcement; a re-read overlapping one is discarded. */
  private long changes;

  NamespaceGeneration(String key, long maxAgeNanos, Runnable onChange) {
    this.key = key;
    this.maxAgeNanos = maxAgeNanos;
    this.onChange = onChange;
  }

  /** The generation, re-read from Redis when unknown or older than the bound. */
  long current(RedisClusterCommands<String, byte[]> redis) {
    long g = generation;
    if (g < 0 || System.nanoTime() - readAt > maxAgeNanos) {
      g = read(redis);
    }
    return g;
  }

  /** The generation last read or learnt, without asking Redis; -1 while unknown. */
  long known() {
    return generation;
  }

  /** Bumps the generation in Redis and adopts the new value. */
  long bump(RedisClusterCommands<String, byte[]> redis) {
    long g = ClockCounters.bump(redis, key);
    synchronized (this) {
      changes++;
      generation = g;
      readAt = System.nanoTime();
    }
    return g;
  }

  /**
   * A generation announced on the bus. A higher one is adopted; a lower one makes the next use
   * re-read Redis (the caller clears L1 for any announcement).
   */
  synchronized void learn(long announced) {
    if (announced == generation) {
      return;
    }
    changes++;
    if (announced > generation) {
      generation = announced;
      readAt = System.nanoTime();
    } else {
      markStale();
    }
  }

  /** Forces a re-read on next use (after the bus may have missed a bump). */
  void markStale() {
    readAt = System.nanoTime() - maxAgeNanos - 1;
  }

  private long read(RedisClusterCommands<String, byte[]> redis) {
    long seen;
    synchronized (this) {
      seen = changes;
    }
    long g = ClockCounters.read(redis, key);
    boolean changed;
    synchronized (this) {
      if (changes != seen) {
        // A bump or an announcement landed meanwhile; it is at least as new as this read.
        return generation >= 0 ? generation : g;
      }
      changed = generation >= 0 && generation != g;
      generation = g;
      readAt = System.nanoTime();
    }
    if (changed) {
      onChange.run();
    }
    return g;
  }
}
