package io.caskade.tier;

/**
 * The tier refused one value (too large, or its codec could not encode it): not an outage. The
 * cache counts it as {@code L2_REJECTED}, keeps the value in L1 only, and the tier stays healthy.
 */
public class TierRejectedException extends TierException {

  private static final long serialVersionUID = 1L;

  public TierRejectedException(String message, Throwable cause) {
    super(message, cause);
  }

  public TierRejectedException(String message) {
    super(message);
  }
}
