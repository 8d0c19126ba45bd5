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
  private final ThreadLocal<long[]> deadline = new ThreadLocal<>();

  CommandDeadlines(long defaultNanos) {
    this.defaultNanos = defaultNanos;
  }

  /** Runs {@code action} with every command it sends due by {@code deadlineNanos}. */
  <T> T within(long deadlineNanos, Supplier<T> action) {
    long[] outer = deadline.get();
    deadline.set(new long[] {deadlineNanos});
    try {
      return action.get();
    } finally {
      if (outer == null) {
        deadline.remove();
      } else {
        deadline.set(outer);
      }
    }
  }

  /** What is left of this thread's deadline, or the fixed timeout outside {@link #within}. */
  long remainingNanos() {
    long[] d = deadline.get();
    return d == null ? defaultNanos : Math.max(MIN_NANOS, d[0] - System.nanoTime());
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
