package io.caskade.time;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Wall-aligned once, then advanced by {@link System#nanoTime()}; monotonic and comparable across
 * JVMs. Reads are a single volatile load: one daemon thread advances the reading every
 * {@link #RESOLUTION_NANOS} (a cache hit must not pay for a {@code nanoTime()} call, which costs
 * more than the hash lookup itself). Durations that need precision — how long a load took — are
 * measured with {@code System.nanoTime()} directly, not with this clock.
 */
final class SystemClock implements CacheClock {

  /** How far the reading may lag behind the time: one millisecond. */
  static final long RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  static final SystemClock INSTANCE = new SystemClock();

  private final long originNanoTime = System.nanoTime();
  private final long originEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
  private volatile long now = originEpochNanos;

  private SystemClock() {
    Thread ticker = new Thread(this::tick, "caskade-clock");
    ticker.setDaemon(true);
    ticker.start();
  }

  private void tick() {
    while (true) {
      advance();
      LockSupport.parkNanos(RESOLUTION_NANOS);
    }
  }

  private void advance() {
    long reading = originEpochNanos + (System.nanoTime() - originNanoTime);
    if (reading > now) {
      now = reading;
    }
  }

  @Override
  public long nanos() {
    return now;
  }
}
