package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.tier.RemoteInvalidationListener;
import io.caskade.tier.Tier;
import io.caskade.tier.TierException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** A shared tier in a map, for the read path's L2 rules without Redis; can be made to fail. */
final class MapTier<K, V> implements Tier<K, V> {

  final Map<K, Entry<V>> map = new ConcurrentHashMap<>();
  final AtomicBoolean down = new AtomicBoolean();
  volatile RemoteInvalidationListener<K> listener;

  @Override
  public String name() {
    return "map";
  }

  private void check() {
    if (down.get()) {
      throw new TierException("tier down");
    }
  }

  @Override
  public Entry<V> get(K key) {
    check();
    return map.get(key);
  }

  @Override
  public Map<K, Entry<V>> getAll(Collection<? extends K> keys) {
    check();
    Map<K, Entry<V>> found = new HashMap<>();
    for (K k : keys) {
      Entry<V> e = map.get(k);
      if (e != null) {
        found.put(k, e);
      }
    }
    return found;
  }

  @Override
  public void put(K key, Entry<V> entry) {
    check();
    map.put(key, entry);
  }

  @Override
  public void invalidate(K key) {
    check();
    map.remove(key);
  }

  @Override
  public void invalidateAll(Collection<? extends K> keys) {
    check();
    keys.forEach(map::remove);
  }

  @Override
  public void invalidateAll() {
    check();
    map.clear();
  }

  @Override
  public void subscribe(RemoteInvalidationListener<K> listener) {
    this.listener = listener;
  }
}
