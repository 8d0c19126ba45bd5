package io.caskade.metrics;

/**
 * Sees every {@link CacheEvent} of a cache, synchronously on the thread that caused it: keep it
 * cheap and never throw (a throwing listener is logged and skipped).
 */
@FunctionalInterface
public interface CacheEventListener {
  void onEvent(CacheEvent event);
}
