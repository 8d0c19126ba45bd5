package io.caskade;

/**
 * A value could not be loaded and no stale value was inside its stale-if-error window. The cause
 * is what went wrong: the loader's own exception, a {@link java.util.concurrent.TimeoutException}
 * for a load that outlived the load timeout, or a
 * {@link io.caskade.source.SourceRejectedException} when source protection turned the load away.
 */
public class CacheLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Object key;

  public CacheLoadException(String cacheName, Object key, Throwable cause) {
    super("cache '" + cacheName + "' could not load key " + key + ": " + cause, cause);
    this.key = key;
  }

  /** The key whose load failed. */
  public Object key() {
    return key;
  }
}
