package io.caskade.tier;

/** A tier could not answer (timeout, connection lost, circuit open). The cache treats it as a miss. */
public class TierException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TierException(String message, Throwable cause) {
    super(message, cause);
  }

  public TierException(String message) {
    super(message);
  }
}
