package io.caskade;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads values from the source (a database, a remote API) on a miss.
 *
 * <p>Returning null means "the source has no such key": the cache stores that as a negative entry
 * with the negative TTL, so repeated lookups of a missing id do not reach the source (cache
 * penetration). A thrown exception is a failed load: the caller gets the stale value if one is
 * inside its stale-if-error window, else a {@link CacheLoadException} carrying the exception.
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface CacheLoader<K, V> {

  /** The value for {@code key}, or null when the source has none. */
  V load(K key) throws Exception;

  /**
   * Loads many keys in one call (one query instead of N). Keys missing from the returned map are
   * "not found". The default calls {@link #load} for each key.
   */
  default Map<K, V> loadAll(Set<? extends K> keys) throws Exception {
    Map<K, V> result = new HashMap<>(keys.size() * 2);
    for (K key : keys) {
      V value = load(key);
      if (value != null) {
        result.put(key, value);
      }
    }
    return result;
  }

  /** A loader from a function that answers {@link Optional#empty()} for "not found". */
  static <K, V> CacheLoader<K, V> fromOptional(Function<? super K, Optional<V>> function) {
    return key -> function.apply(key).orElse(null);
  }

  /** A loader with a real bulk load. */
  static <K, V> CacheLoader<K, V> bulk(CacheLoader<K, V> single,
      BulkLoader<K, V> bulk) {
    return new CacheLoader<>() {
      @Override
      public V load(K key) throws Exception {
        return single.load(key);
      }

      @Override
      public Map<K, V> loadAll(Set<? extends K> keys) throws Exception {
        return bulk.loadAll(keys);
      }
    };
  }

  /** The bulk half of a loader, for {@link #bulk}. */
  @FunctionalInterface
  interface BulkLoader<K, V> {
    Map<K, V> loadAll(Set<? extends K> keys) throws Exception;
  }
}
