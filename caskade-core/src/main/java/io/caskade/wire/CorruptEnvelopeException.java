package io.caskade.wire;

/** Bytes under a cache key that are not an envelope this version can read. */
public class CorruptEnvelopeException extends Exception {

  private static final long serialVersionUID = 1L;

  public CorruptEnvelopeException(String message, Throwable cause) {
    super(message, cause);
  }

  public CorruptEnvelopeException(String message) {
    super(message);
  }
}
