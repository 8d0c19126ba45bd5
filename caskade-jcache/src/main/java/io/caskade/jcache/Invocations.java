package io.caskade.jcache;

import io.caskade.jcache.event.EventDispatcher;
import io.caskade.jcache.event.EventDispatcher.Events;
import io.caskade.jcache.management.JCacheStatistics;
import io.caskade.jcache.store.EntryStore;
import io.caskade.jcache.store.Stored;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;

/**
 * {@code invoke}: runs an entry processor on a {@link InvokeEntry} under the key's lock, then
 * applies what it did (load, set, remove) with the writer, the expiry policy, the events and the
 * statistics (the lookup alone is a hit or a miss). Any failure is an
 * {@link EntryProcessorException}.
 */
final class Invocations<K, V> {

  private final EntryOps<K, V> ops;
  private final EntryStore store;
  private final EventDispatcher<K, V> events;
  private final JCacheStatistics stats;

  Invocations(EntryOps<K, V> ops, EntryStore store, EventDispatcher<K, V> events,
      JCacheStatistics stats) {
    this.ops = ops;
    this.store = store;
    this.events = events;
    this.stats = stats;
  }

  <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    Events<K, V> ev = events.batch();
    T result = ops.withLock(key, () -> {
      long now = EntryOps.now();
      Stored old = ops.live(key, ev, now);
      InvokeEntry<K, V> entry = new InvokeEntry<>(key, old == null ? null : ops.out(old),
          ops.readThrough() ? () -> ops.load(key) : null);
      T r;
      try {
        r = processor.process(entry, arguments);
      } catch (EntryProcessorException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new EntryProcessorException(e);
      }
      try {
        apply(key, old, entry, ev, now);
      } catch (RuntimeException e) {
        throw new EntryProcessorException(e);
      }
      return r;
    });
    ev.publish();
    return result;
  }

  private void apply(K key, Stored old, InvokeEntry<K, V> entry, Events<K, V> ev, long now) {
    if (old != null) {
      stats.hits(1);
    } else {
      stats.misses(1);
    }
    switch (entry.operation()) {
      case NONE -> {
        if (old != null && entry.accessed()) {
          ops.accessed(key, old, now);
        }
      }
      case LOADED -> ops.storeLoaded(key, entry.currentValue(), false, ev, now);
      case SET -> {
        ops.write(key, entry.currentValue());
        ops.storeValue(key, entry.currentValue(), old, ev, now);
        stats.puts(1);
      }
      case REMOVED -> {
        ops.delete(key);
        if (old != null) {
          store.remove(key);
          ev.removed(key, ops.out(old));
          stats.removals(1);
        }
      }
      default -> throw new IllegalStateException(entry.operation().name());
    }
  }
}
