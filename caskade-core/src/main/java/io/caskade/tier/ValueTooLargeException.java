package io.caskade.tier;

import io.caskade.tier.TierRejectedException;

/**
 * A value whose envelope exceeds what a shared tier accepts (its configured maximum, or the
 * server's item size limit); it is not written to the tier (the cache still serves it from L1).
 * Not a tier failure: it never trips a circuit breaker, and the cache counts it as
 * {@code L2_REJECTED}, not as an L2 error.
 */
public final class ValueTooLargeException extends TierRejectedException {

  private static final long serialVersionUID = 1L;

  private final int size;
  private final int limit;

  /**
   * @param tier the tier's name, e.g. {@code "redis"}
   * @param setting the setting that sets the limit, e.g. {@code "RedisTierBuilder.maxValueBytes"}
   */
  public ValueTooLargeException(String cache, String key, int size, int limit, String tier,
      String setting) {
    super("cache '" + cache + "': value for key '" + key + "' is " + size
        + " bytes encoded, over the " + tier + " limit of " + limit + " bytes (" + setting
        + "); not stored in " + tier);
    this.size = size;
    this.limit = limit;
  }

  /** The encoded size in bytes. */
  public int size() {
    return size;
  }

  /** The configured limit in bytes. */
  public int limit() {
    return limit;
  }
}
