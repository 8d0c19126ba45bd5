package io.caskade.write;

import java.util.Collection;
import java.util.Map;

/**
 * Writes changes to the source (the system of record). Used by {@code Cache.write} and
 * {@code Cache.delete} in every {@link WriteMode}, and by the write-behind flusher in batches.
 *
 * <p>Under write-behind with a durable journal a write may be applied more than once (after a
 * crash, between the source's commit and the journal's acknowledgement), so a writer used there
 * must be idempotent: an upsert keyed by the cache key, not an insert or an increment.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface CacheWriter<K, V> {

  /** Stores {@code value} under {@code key} in the source. */
  void write(K key, V value) throws Exception;

  /** Removes {@code key} from the source; removing an absent key is not an error. */
  void delete(K key) throws Exception;

  /** Stores many entries, ideally in one transaction; the default writes one by one. */
  default void writeAll(Map<? extends K, ? extends V> entries) throws Exception {
    for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
      write(e.getKey(), e.getValue());
    }
  }

  /** Removes many keys; the default deletes one by one. */
  default void deleteAll(Collection<? extends K> keys) throws Exception {
    for (K key : keys) {
      delete(key);
    }
  }
}
