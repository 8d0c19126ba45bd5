package io.caskade.tier.compose;

import io.caskade.tier.VersionStore;

/**
 * This instance's view of a cache's namespace generation, a counter in the {@link VersionStore}
 * that is part of every key. Learnt from the bus when another instance bumps it, and re-read at
 * least every {@code maxAgeNanos} so a lost bus message costs bounded staleness. Unknown until
 * first read.
 *
 * <p>The generation never silently goes back: a re-read that finds another generation than the
 * one this instance knew (a bump it did not hear of, or the store restored lower) is adopted and
 * {@code onChange} runs (the tier clears L1, as for a bump heard on the bus). A lower generation
 * announced on the bus is not adopted as such (messages of two bumps may arrive out of order): it
 * forces a re-read, and the store's answer decides.
 */
final class SharedGeneration {

  private final VersionStore store;
  private final String counter;
  private final long maxAgeNanos;
  private final Runnable onChange;
  private volatile long generation = -1;
  private volatile long readAt;
  /** Incremented by every bump and announcement; a re-read overlapping one is discarded. */
  private long changes;

  SharedGeneration(VersionStore store, String counter, long maxAgeNanos, Runnable onChange) {
    this.store = store;
    this.counter = counter;
    this.maxAgeNanos = maxAgeNanos;
    this.onChange = onChange;
  }

  /** The generation, re-read when unknown or older than the bound; throws what the store throws. */
  long current() {
    long g = generation;
    if (g < 0 || System.nanoTime() - readAt > maxAgeNanos) {
      g = read();
    }
    return g;
  }

  /** The generation last read or learnt, without asking the store; -1 while unknown. */
  long known() {
    return generation;
  }

  /** Bumps the generation in the store and adopts the new value. */
  long bump() {
    long g = store.bump(counter);
    synchronized (this) {
      changes++;
      generation = g;
      readAt = System.nanoTime();
    }
    return g;
  }

  /** A generation announced on the bus: a higher one is adopted, a lower one forces a re-read. */
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

  private long read() {
    long seen;
    synchronized (this) {
      seen = changes;
    }
    long g = store.read(counter);
    boolean changed;
    synchronized (this) {
      if (changes != seen) {
        return generation >= 0 ? generation : g; // a bump or announcement landed meanwhile
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
