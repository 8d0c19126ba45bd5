package io.caskade.invalidation;

import java.util.Set;

/**
 * Names the tags an entry depends on (e.g. {@code "tenant:42"}), for dependency invalidation with
 * {@code Cache.invalidateTag}. Called once per load with the loaded value (null for not found).
 */
@FunctionalInterface
public interface Tagger<K, V> {
  Set<String> tags(K key, V value);
}
