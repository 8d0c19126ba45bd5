package io.caskade.write;

/**
 * Per-key write sequences: a number that orders two writes of one key, so that a write applied
 * late (a retry, or a journal entry delivered again after a crash) never replaces a newer one.
 *
 * <p>One scale for every queue: {@code epochMillis << 20 | counter}. The in-memory queue draws
 * from {@link #next()}, a hybrid clock that never repeats or goes back within a process; the
 * Redis journal derives it from the stream entry id ({@code <ms>-<n>}) with {@link #of}, which
 * Redis keeps increasing for the whole fleet. Sequences from different processes compare by wall
 * clock (the ordering is as good as the clocks are in sync); sequences from one journal are
 * totally ordered.
 */
public final class WriteSequence {

  private static final int COUNTER_BITS = 20;
  private static final long COUNTER_MAX = (1L << COUNTER_BITS) - 1;
  private static long last;

  private WriteSequence() {}

  /** A sequence greater than every one this process returned before, near the wall clock. */
  public static synchronized long next() {
    long now = System.currentTimeMillis() << COUNTER_BITS;
    last = Math.max(last + 1, now);
    return last;
  }

  /**
   * The sequence of the {@code counter}-th write in millisecond {@code epochMillis} (a Redis
   * stream id); counters beyond 2^20 - 1 share the top value.
   */
  public static long of(long epochMillis, long counter) {
    if (epochMillis < 0 || counter < 0) {
      throw new IllegalArgumentException("negative stream id part");
    }
    return (epochMillis << COUNTER_BITS) | Math.min(counter, COUNTER_MAX);
  }

  /** The wall-clock millisecond a sequence was drawn in. */
  public static long epochMillis(long sequence) {
    return sequence >>> COUNTER_BITS;
  }
}
