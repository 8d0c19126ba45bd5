package io.caskade.jcache;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import javax.cache.Cache;

/** Iterates the live entries over a snapshot of the keys; {@link #remove()} is a cache remove. */
final class EntryIterator<K, V> implements Iterator<Cache.Entry<K, V>> {

  private final CaskadeJCache<K, V> cache;
  private final Iterator<Object> keys;
  private Cache.Entry<K, V> next;
  private Cache.Entry<K, V> last;

  EntryIterator(CaskadeJCache<K, V> cache, List<Object> keys) {
    this.cache = cache;
    this.keys = keys.iterator();
  }

  @Override
  public boolean hasNext() {
    while (next == null && keys.hasNext()) {
      next = cache.iterated(keys.next());
    }
    return next != null;
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    last = next;
    next = null;
    return last;
  }

  @Override
  public void remove() {
    if (last == null) {
      throw new IllegalStateException("next() was not called");
    }
    cache.remove(last.getKey());
    last = null;
  }
}
