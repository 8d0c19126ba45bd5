package io.caskade.source;

/**
 * Source protection turned a load away before it reached the source: the bulkhead was full, the
 * rate limit was spent, or the circuit breaker is open. {@link #reason()} says which.
 */
public class SourceRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a load was turned away. */
  public enum Reason {
    /** Too many loads already running on the source. */
    BULKHEAD_FULL,
    /** The source's loads-per-second budget is spent. */
    RATE_LIMITED,
    /** The circuit breaker is open after too many failures. */
    CIRCUIT_OPEN,
    /** No thread was free to run the load. */
    EXECUTOR_FULL
  }

  private final Reason reason;

  public SourceRejectedException(String sourceName, Reason reason, Throwable cause) {
    super("source '" + sourceName + "' rejected the load: " + reason, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
