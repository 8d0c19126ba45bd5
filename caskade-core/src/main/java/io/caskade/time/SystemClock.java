package io.caskade.time;

import java.util.concurrent.TimeUnit;

/** Wall-aligned once, then advanced by {@link System#nanoTime()}: cheap, monotonic, comparable across JVMs. */
final class SystemClock implements CacheClock {

  static final SystemClock INSTANCE = new SystemClock();

  private final long originNanoTime = System.nanoTime();
  private final long originEpochNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());

  private SystemClock() {}

  @Override
  public long nanos() {
    return originEpochNanos + (System.nanoTime() - originNanoTime);
  }
}
