package io.caskade.jcache;

import javax.cache.Cache;

/** An immutable key and value, as {@link Cache.Entry} (iteration, writers). */
final class JCacheEntry<K, V> implements Cache.Entry<K, V> {

  private final K key;
  private final V value;

  JCacheEntry(K key, V value) {
    this.key = key;
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap to " + clazz);
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
