package io.caskade;

import com.google.common.util.concurrent.Striped;
import java.util.concurrent.locks.Lock;

/**
 * One change of a key at a time in this instance, so the source (or the write-behind queue) and
 * the cache see concurrent writes of a key in the same order. The base of every write mode.
 */
abstract class KeyOrderedWrites<K, V> implements WritePath<K, V> {

  private final Striped<Lock> locks = Striped.lock(64);

  @Override
  public final void change(K key, V value) {
    Lock lock = locks.get(key);
    lock.lock();
    try {
      apply(key, value);
    } finally {
      lock.unlock();
    }
  }

  /** The change itself, with the key's lock held. */
  abstract void apply(K key, V value);
}
