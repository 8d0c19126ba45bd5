package io.caskade.jcache;

import io.caskade.jcache.event.EventDispatcher;
import io.caskade.jcache.event.EventDispatcher.Events;
import io.caskade.jcache.management.JCacheStatistics;
import io.caskade.jcache.store.EntryStore;
import io.caskade.jcache.store.Stored;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.cache.Cache;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;

/**
 * The many-key operations of a {@link CaskadeJCache}: {@code getAll} with one {@code loadAll},
 * the asynchronous {@code loadAll}, and {@code putAll}/{@code removeAll} with one
 * {@code writeAll}/{@code deleteAll} whose partial failures leave the unwritten keys untouched.
 * Arguments are checked by the cache before.
 */
final class BulkOps<K, V> {

  private final EntryOps<K, V> ops;
  private final EntryStore store;
  private final EventDispatcher<K, V> events;
  private final JCacheStatistics stats;
  private final Executor executor;
  private final Set<CompletableFuture<Void>> loads = ConcurrentHashMap.newKeySet();

  BulkOps(EntryOps<K, V> ops, EntryStore store, EventDispatcher<K, V> events,
      JCacheStatistics stats, Executor executor) {
    this.ops = ops;
    this.store = store;
    this.events = events;
    this.stats = stats;
    this.executor = executor;
  }

  /**
   * Waits (up to {@code timeout}) for the asynchronous {@code loadAll}s still running, so closing
   * the cache does not close the loader under them.
   */
  void awaitLoads(Duration timeout) {
    CompletableFuture<?>[] running = loads.toArray(new CompletableFuture<?>[0]);
    try {
      CompletableFuture.allOf(running).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // a failed load was reported to its completion listener; a stuck one is not waited for
    }
  }

  Map<K, V> getAll(Set<? extends K> keys) {
    long start = stats.start();
    Events<K, V> ev = events.batch();
    Map<K, V> found = new LinkedHashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : keys) {
      V v = ops.withLock(key, () -> {
        long now = EntryOps.now();
        Stored s = ops.live(key, ev, now);
        if (s == null) {
          return null;
        }
        ops.accessed(key, s, now);
        return ops.out(s);
      });
      if (v != null) {
        found.put(key, v);
      } else {
        missing.add(key);
      }
    }
    stats.hits(found.size());
    stats.misses(missing.size());
    if (!missing.isEmpty() && ops.readThrough()) {
      Map<K, V> loaded = ops.loadAll(missing);
      for (Map.Entry<K, V> e : loaded.entrySet()) {
        if (e.getKey() != null && e.getValue() != null && missing.contains(e.getKey())) {
          ops.withLock(e.getKey(), () -> {
            ops.storeLoaded(e.getKey(), e.getValue(), true, ev, EntryOps.now());
            return null;
          });
          found.put(e.getKey(), e.getValue());
        }
      }
    }
    stats.getTime(start);
    ev.publish();
    return found;
  }

  void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      CompletionListener completionListener) {
    CompletionListener done = completionListener != null ? completionListener
        : new CompletionListener() {
          @Override
          public void onCompletion() {}

          @Override
          public void onException(Exception e) {}
        };
    if (ops.loader() == null) {
      done.onCompletion();
      return;
    }
    List<K> copy = new ArrayList<>(keys);
    CompletableFuture<Void> task = CompletableFuture.runAsync(() -> {
      try {
        List<K> toLoad = new ArrayList<>();
        for (K key : copy) {
          if (replaceExistingValues || !ops.contains(key)) {
            toLoad.add(key);
          }
        }
        Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : ops.loadAll(toLoad);
        Events<K, V> ev = events.batch();
        for (Map.Entry<K, V> e : loaded.entrySet()) {
          if (e.getKey() != null && e.getValue() != null) {
            ops.withLock(e.getKey(), () -> {
              ops.storeLoaded(e.getKey(), e.getValue(), replaceExistingValues, ev, EntryOps.now());
              return null;
            });
          }
        }
        ev.publish();
        done.onCompletion();
      } catch (Exception e) {
        done.onException(e);
      }
    }, executor);
    loads.add(task);
    task.whenComplete((r, e) -> loads.remove(task));
  }

  void putAll(Map<? extends K, ? extends V> map) {
    Objects.requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      Objects.requireNonNull(e.getKey(), "map contains a null key");
      Objects.requireNonNull(e.getValue(), "map contains a null value");
    }
    long start = stats.start();
    Map<K, V> toPut = new LinkedHashMap<>(map);
    CacheWriterException failure = null;
    if (ops.writeThrough()) {
      List<Cache.Entry<? extends K, ? extends V>> unwritten = new ArrayList<>();
      toPut.forEach((k, v) -> unwritten.add(new JCacheEntry<>(k, v)));
      try {
        ops.writer().writeAll(unwritten);
        unwritten.clear();
      } catch (Exception e) {
        failure = e instanceof CacheWriterException c ? c : new CacheWriterException(e);
      }
      for (Cache.Entry<? extends K, ? extends V> e : unwritten) {
        toPut.remove(e.getKey());
      }
    }
    Events<K, V> ev = events.batch();
    for (Map.Entry<K, V> e : toPut.entrySet()) {
      ops.withLock(e.getKey(), () -> {
        long now = EntryOps.now();
        Stored old = ops.live(e.getKey(), ev, now);
        if (ops.storeValue(e.getKey(), e.getValue(), old, ev, now)) {
          stats.puts(1);
        }
        return null;
      });
    }
    stats.putTime(start);
    ev.publish();
    if (failure != null) {
      throw failure;
    }
  }

  void removeAll(List<K> keys, boolean clearShared) {
    long start = stats.start();
    Set<K> toRemove = new LinkedHashSet<>(keys);
    CacheWriterException failure = null;
    if (ops.writeThrough() && !toRemove.isEmpty()) {
      List<K> undeleted = new ArrayList<>(toRemove);
      try {
        ops.writer().deleteAll(undeleted);
        undeleted.clear();
      } catch (Exception e) {
        failure = e instanceof CacheWriterException c ? c : new CacheWriterException(e);
      }
      toRemove.removeAll(undeleted);
    }
    Events<K, V> ev = events.batch();
    for (K key : toRemove) {
      ops.withLock(key, () -> {
        Stored old = ops.live(key, ev, EntryOps.now());
        if (old != null) {
          store.remove(key);
          ev.removed(key, ops.out(old));
          stats.removals(1);
        }
        return null;
      });
    }
    if (clearShared && failure == null) {
      store.clear();
    }
    stats.removeTime(start);
    ev.publish();
    if (failure != null) {
      throw failure;
    }
  }
}
