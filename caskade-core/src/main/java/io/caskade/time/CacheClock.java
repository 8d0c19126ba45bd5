package io.caskade.time;

/**
 * The time source of a cache: nanoseconds on a wall-aligned, monotonic scale.
 *
 * <p>Entries carry absolute instants ({@code freshUntil}, {@code staleUntil}, ...) that are shared
 * between instances through the L2 tier, so the scale is "nanoseconds since the Unix epoch", not
 * {@link System#nanoTime()}'s arbitrary origin. The system clock reads the wall clock once and then
 * advances with {@code System.nanoTime()}, so it never goes backwards within a JVM.
 *
 * <p>Tests pass a {@link FakeClock} and move time explicitly; nothing in Caskade sleeps for a TTL.
 */
@FunctionalInterface
public interface CacheClock {

  /** Nanoseconds since the Unix epoch. */
  long nanos();

  /** The system clock: wall-aligned at start, then monotonic. */
  static CacheClock system() {
    return SystemClock.INSTANCE;
  }
}
