package io.caskade.codec;

/** Bytes that a {@link Codec} cannot turn into a value (or a value it cannot encode). */
public class CodecException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }

  public CodecException(String message) {
    super(message);
  }
}
