package io.caskade.write;

import io.caskade.time.CacheClock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-key write sequences: a number that orders two writes of one key, so that a write applied
 * late (a retry, or a journal entry delivered again after a crash) never replaces a newer one.
 *
 * <p>One scale for every queue: {@code epochMillis << 20 | counter}. Each in-memory queue and each
 * {@code JdbcUpsertWriter} draws from its own instance ({@link #on(CacheClock)}), a hybrid logical
 * clock on that component's clock: it never repeats or goes back within the instance and stays
 * near the clock's time, so a test with a {@link io.caskade.time.FakeClock} gets exact,
 * reproducible sequences and two caches in one JVM share no state. The Redis journal derives its
 * sequence from the stream entry id ({@code <ms>-<n>}) with {@link #of}, which Redis keeps
 * increasing for the whole fleet. Sequences from different instances compare by their clocks (the
 * ordering is as good as the clocks are in sync); sequences from one instance or one journal are
 * totally ordered.
 */
public final class WriteSequence {

  private static final int COUNTER_BITS = 20;
  private static final long COUNTER_MAX = (1L << COUNTER_BITS) - 1;

  private final CacheClock clock;
  private final AtomicLong last = new AtomicLong();

  private WriteSequence(CacheClock clock) {
    this.clock = clock;
  }

  /** Sequences on {@code clock}'s time (its {@link CacheClock#nanos()} as epoch nanoseconds). */
  public static WriteSequence on(CacheClock clock) {
    return new WriteSequence(Objects.requireNonNull(clock, "clock"));
  }

  /** A sequence greater than every one this instance returned before, near its clock's time. */
  public long next() {
    long now = TimeUnit.NANOSECONDS.toMillis(clock.nanos()) << COUNTER_BITS;
    return last.updateAndGet(prev -> Math.max(prev + 1, now));
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
