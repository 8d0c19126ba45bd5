package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.tier.Tier;
import java.util.Collection;
import java.util.Map;

/**
 * The L2 of a cache built without one: misses everything, stores nothing, has no leases and no
 * bus (so L1 staleness is bounded by the entries' own TTLs and {@code l1MaxLifetime}).
 */
final class NoTier<K, V> implements Tier<K, V> {

  @Override
  public String name() {
    return "none";
  }

  @Override
  public Entry<V> get(K key) {
    return null;
  }

  @Override
  public Map<K, Entry<V>> getAll(Collection<? extends K> keys) {
    return Map.of();
  }

  @Override
  public void put(K key, Entry<V> entry) {}

  @Override
  public void invalidate(K key) {}

  @Override
  public void invalidateAll(Collection<? extends K> keys) {}

  @Override
  public void invalidateAll() {}
}
