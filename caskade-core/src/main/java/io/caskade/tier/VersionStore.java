package io.caskade.tier;

import java.util.List;

/**
 * Counters that never go back, kept where every instance can read them: the namespace generation
 * of a cache (part of every key, bumped to make every entry unreachable) and the versions of its
 * tags (an entry records them; a bump makes the older entries misses).
 *
 * <p>Both must never re-issue a number, not even after the server lost them (a restart, an
 * eviction, a flush): an implementation keeps them above a clock-derived floor (e.g. the server's
 * clock in microseconds), so a counter re-created after a loss starts above every number issued
 * before it. The composed tier caches what it reads ({@link io.caskade.tier.compose.Tiers#compose}); a version store only
 * reads and bumps. Failures are {@link TierException}s.
 */
public interface VersionStore extends AutoCloseable {

  /**
   * The current value of {@code counter}; a counter that does not exist (never bumped, or lost)
   * is created at the clock floor, above every value issued before. Names are given by the
   * composed tier: {@code <cache>/gen} for a generation, {@code <cache>/tag/<tag>} for a tag.
   */
  long read(String counter);

  /** The current values of {@code counters}, in order (one round trip where the store can). */
  default long[] readAll(List<String> counters) {
    long[] values = new long[counters.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = read(counters.get(i));
    }
    return values;
  }

  /** Moves {@code counter} to a value it never had (at least the clock floor) and returns it. */
  long bump(String counter);

  /** Releases what the store holds; idempotent. */
  @Override
  default void close() {}
}
