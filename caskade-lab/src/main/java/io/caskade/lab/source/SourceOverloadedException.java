package io.caskade.lab.source;

/**
 * The database fell over: every connection was busy and the caller waited its whole queue timeout
 * without getting one.
 */
public final class SourceOverloadedException extends SourceException {

  private static final long serialVersionUID = 1L;

  SourceOverloadedException(String message, Throwable cause) {
    super(message, cause);
  }
}
