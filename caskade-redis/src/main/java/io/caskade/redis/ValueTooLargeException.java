package io.caskade.redis;

import io.caskade.tier.TierRejectedException;

/**
 * A value whose envelope exceeds the tier's configured maximum; it is not written to Redis (the
 * cache still serves it from L1). Not a Redis failure: it never trips the circuit breaker, and the
 * cache counts it as {@code L2_REJECTED}, not as an L2 error.
 */
public final class ValueTooLargeException extends TierRejectedException {

  private static final long serialVersionUID = 1L;

  private final int size;
  private final int limit;

  ValueTooLargeException(String cache, String key, int size, int limit) {
    super("cache '" + cache + "': value for key '" + key + "' is " + size
        + " bytes encoded, over the L2 limit of " + limit + " bytes (RedisTier.Builder"
        + ".maxValueBytes); not stored in Redis");
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
