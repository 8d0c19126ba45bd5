package io.caskade.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that only moves when told to: for tests and for the lab's deterministic timelines.
 * Thread-safe.
 */
public final class FakeClock implements CacheClock {

  private final AtomicLong nanos;

  /** Starts at an arbitrary fixed instant (2026-01-01T00:00:00Z). */
  public FakeClock() {
    this(1_767_225_600_000_000_000L);
  }

  /** Starts at {@code epochNanos}. */
  public FakeClock(long epochNanos) {
    this.nanos = new AtomicLong(epochNanos);
  }

  @Override
  public long nanos() {
    return nanos.get();
  }

  /** Moves time forward by {@code duration}; a negative duration is an error. */
  public FakeClock advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative: " + duration);
    }
    nanos.addAndGet(duration.toNanos());
    return this;
  }

  /** Sets the current instant; time may not move backwards. */
  public FakeClock set(long epochNanos) {
    nanos.getAndUpdate(current -> {
      if (epochNanos < current) {
        throw new IllegalArgumentException("time must not move backwards");
      }
      return epochNanos;
    });
    return this;
  }
}
