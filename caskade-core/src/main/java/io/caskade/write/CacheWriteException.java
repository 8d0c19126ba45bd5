package io.caskade.write;

/**
 * The source refused or failed a write. The cache was invalidated for the key, so it holds no
 * value the source may not have; the cause is the writer's exception.
 */
public class CacheWriteException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CacheWriteException(String cacheName, Object key, Throwable cause) {
    super("cache '" + cacheName + "' could not write key " + key + ": " + cause, cause);
  }

  public CacheWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
