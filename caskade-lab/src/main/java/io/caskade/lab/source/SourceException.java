package io.caskade.lab.source;

/** A query on the fragile database failed. */
public class SourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure with its cause. */
  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
