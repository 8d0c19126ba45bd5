package io.caskade.memcached.internal;

/**
 * Memcached's expiration times: whole seconds; a number above 30 days is read by the server as a
 * Unix time, so longer lifetimes are sent as one.
 */
public final class Expiry {

  /** Memcached's largest relative expiration (30 days). */
  static final long MAX_RELATIVE_SECONDS = 60L * 60 * 24 * 30;

  private Expiry() {}

  /**
   * The expiration to send for something that must live {@code remainingNanos} more (rounded up
   * to whole seconds, so memcached never drops it before its logical expiry); 0 when nothing
   * remains (the caller then does not store it).
   */
  public static int of(long remainingNanos) {
    if (remainingNanos <= 0) {
      return 0;
    }
    long seconds = (remainingNanos + 999_999_999L) / 1_000_000_000L;
    if (seconds <= MAX_RELATIVE_SECONDS) {
      return (int) seconds;
    }
    long absolute = System.currentTimeMillis() / 1000 + seconds;
    return (int) Math.min(Integer.MAX_VALUE, absolute);
  }
}
