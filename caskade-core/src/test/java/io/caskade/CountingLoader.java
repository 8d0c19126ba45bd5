package io.caskade;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A loader over a function that counts single and bulk loads and records bulk key sets. */
final class CountingLoader<K, V> implements CacheLoader<K, V> {

  final AtomicInteger loads = new AtomicInteger();
  final AtomicInteger bulkLoads = new AtomicInteger();
  final List<Set<K>> bulkKeys = Collections.synchronizedList(new ArrayList<>());
  private final Function<K, V> source;

  CountingLoader(Function<K, V> source) {
    this.source = source;
  }

  @Override
  public V load(K key) {
    loads.incrementAndGet();
    return source.apply(key);
  }

  @Override
  public Map<K, V> loadAll(Set<? extends K> keys) {
    bulkLoads.incrementAndGet();
    bulkKeys.add(Set.copyOf(keys));
    Map<K, V> result = new HashMap<>();
    for (K key : keys) {
      V v = source.apply(key);
      if (v != null) {
        result.put(key, v);
      }
    }
    return result;
  }
}
