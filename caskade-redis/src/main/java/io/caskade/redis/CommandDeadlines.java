package io.caskade.redis;

import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.RedisCommand;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Lettuce's per-command timeout, taken from a deadline the calling thread set: a command sent
 * inside {@link #within} times out at that deadline (so several round trips of one call share one
 * limit); any other command gets the fixed command timeout. Lettuce asks for the timeout on the
 * thread that sends the command, both to expire it and to bound the synchronous wait.
 */
final class CommandDeadlines extends TimeoutOptions.TimeoutSource {

  /** A command is never sent with less than this (zero would mean no timeout at all). */
  static final long MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final long defaultNanos;
  /** This thread's deadline in {@code [0]}, NONE outside {@link #within}: no allocation per call. */
  private final ThreadLocal<long[]> deadline = ThreadLocal.withInitial(() -> new long[] {NONE});
  private static final long NONE = Long.MIN_VALUE;

  CommandDeadlines(long defaultNanos) {
    this.defaultNanos = defaultNanos;
  }

  /** Runs {@code action} with every command it sends due by {@code deadlineNanos}. */
  <T> T within(long deadlineNanos, Supplier<T> action) {
    long[] d = deadline.get();
    long outer = d[0];
    d[0] = deadlineNanos;
    try {
      return action.get();
    } finally {
      d[0] = outer;
    }
  }

  /** What is left of this thread's deadline, or the fixed timeout outside {@link #within}. */
  long remainingNanos() {
    long d = deadline.get()[0];
    return d == NONE ? defaultNanos : Math.max(MIN_NANOS, d - System.nanoTime());
  }

  @Override
  public long getTimeout(RedisCommand<?, ?, ?> command) {
    return remainingNanos();
  }

  @Override
  public TimeUnit getTimeUnit() {
    return TimeUnit.NANOSECONDS;
  }
}
