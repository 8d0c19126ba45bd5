package io.caskade.jcache;

import io.caskade.jcache.event.EventDispatcher;
import io.caskade.jcache.event.EventDispatcher.Events;
import io.caskade.jcache.management.JCacheStatistics;
import io.caskade.jcache.store.EntryStore;
import io.caskade.jcache.store.Stored;
import java.util.Objects;

/**
 * The conditional single-key operations of a {@link CaskadeJCache} — {@code putIfAbsent},
 * {@code remove(k, v)}, {@code getAndRemove}, {@code replace}, {@code getAndReplace} — each
 * atomic on this instance under the key's lock, with JSR-107's statistics: a present entry is a
 * hit, an absent one a miss.
 */
final class ConditionalOps<K, V> {

  private final EntryOps<K, V> ops;
  private final EntryStore store;
  private final EventDispatcher<K, V> events;
  private final JCacheStatistics stats;

  ConditionalOps(EntryOps<K, V> ops, EntryStore store, EventDispatcher<K, V> events,
      JCacheStatistics stats) {
    this.ops = ops;
    this.store = store;
    this.events = events;
    this.stats = stats;
  }

  boolean putIfAbsent(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    boolean added = ops.withLock(key, () -> {
      long now = EntryOps.now();
      Stored old = ops.live(key, ev, now);
      if (old != null) {
        stats.hits(1);
        return false;
      }
      stats.misses(1);
      ops.write(key, value);
      if (ops.storeValue(key, value, null, ev, now)) {
        stats.puts(1);
      }
      return true;
    });
    if (added) {
      stats.putTime(start);
    }
    stats.getTime(start);
    ev.publish();
    return added;
  }

  boolean remove(K key, V oldValue) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    boolean removed = ops.withLock(key, () -> {
      long now = EntryOps.now();
      Stored old = ops.live(key, ev, now);
      if (old == null) {
        stats.misses(1);
        return false;
      }
      stats.hits(1);
      if (!old.value().equals(oldValue)) {
        ops.accessed(key, old, now);
        return false;
      }
      ops.delete(key);
      store.remove(key);
      ev.removed(key, ops.out(old));
      stats.removals(1);
      return true;
    });
    stats.getTime(start);
    if (removed) {
      stats.removeTime(start);
    }
    ev.publish();
    return removed;
  }

  V getAndRemove(K key) {
    Objects.requireNonNull(key, "key");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    V previous = ops.withLock(key, () -> {
      long now = EntryOps.now();
      Stored old = ops.live(key, ev, now);
      ops.delete(key);
      if (old == null) {
        stats.misses(1);
        return null;
      }
      store.remove(key);
      V v = ops.out(old);
      ev.removed(key, v);
      stats.hits(1);
      stats.removals(1);
      return v;
    });
    stats.getTime(start);
    stats.removeTime(start);
    ev.publish();
    return previous;
  }

  boolean replace(K key, V oldValue, V newValue) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    boolean replaced = ops.withLock(key, () -> {
      long now = EntryOps.now();
      Stored old = ops.live(key, ev, now);
      if (old == null) {
        stats.misses(1);
        return false;
      }
      stats.hits(1);
      if (!old.value().equals(oldValue)) {
        ops.accessed(key, old, now);
        return false;
      }
      ops.write(key, newValue);
      ops.storeValue(key, newValue, old, ev, now);
      stats.puts(1);
      return true;
    });
    stats.getTime(start);
    if (replaced) {
      stats.putTime(start);
    }
    ev.publish();
    return replaced;
  }

  V getAndReplace(K key, V value, boolean copyOld) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    V previous = ops.withLock(key, () -> {
      long now = EntryOps.now();
      Stored old = ops.live(key, ev, now);
      if (old == null) {
        stats.misses(1);
        return null;
      }
      stats.hits(1);
      ops.write(key, value);
      ops.storeValue(key, value, old, ev, now);
      stats.puts(1);
      return copyOld ? ops.out(old) : value;
    });
    stats.getTime(start);
    if (previous != null) {
      stats.putTime(start);
    }
    ev.publish();
    return previous;
  }
}
