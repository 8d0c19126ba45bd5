package io.caskade;

import java.time.Duration;

/**
 * Chooses an entry's time-to-live from what was loaded, e.g. a shorter TTL for "not found" or for
 * values that change often. Jitter, stale windows and tier caps apply on top.
 */
@FunctionalInterface
public interface Expiry<K, V> {

  /**
   * The fresh lifetime of a loaded entry.
   *
   * @param value the loaded value, or null when the source has none
   */
  Duration ttl(K key, V value);
}
