package io.caskade.jcache;

import io.caskade.jcache.event.EventDispatcher;
import io.caskade.jcache.event.EventDispatcher.Events;
import io.caskade.jcache.management.JCacheStatistics;
import io.caskade.jcache.store.EntryStore;
import io.caskade.jcache.store.Stored;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import javax.cache.integration.CacheLoaderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caskade's defences around JSR-107 read-through ({@code get} with a {@code CacheLoader}), set by
 * {@link CaskadeConfiguration}: refresh-ahead (a hit this close to expiry reloads in the
 * background), XFetch early refresh (a hit reloads early with a probability growing near expiry), stale-while-revalidate (an entry expired this recently is returned while one
 * background reload runs) and stale-if-error (an entry expired this recently is returned when
 * the reload fails). At most one background reload per key runs at a time.
 */
final class ReadThroughWindows<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(ReadThroughWindows.class);

  private final EntryOps<K, V> ops;
  private final EntryStore store;
  private final EventDispatcher<K, V> events;
  private final JCacheStatistics stats;
  private final Executor executor;
  private final long refreshAheadMillis;
  private final long staleWhileRevalidateMillis;
  private final long staleIfErrorMillis;
  private final double earlyRefreshBeta;
  private final Set<K> refreshing = ConcurrentHashMap.newKeySet();
  /** The last load's duration per key, in millis (XFetch's cost); dropped wholesale when large. */
  private final ConcurrentHashMap<K, Double> loadCosts = new ConcurrentHashMap<>();

  ReadThroughWindows(EntryOps<K, V> ops, EntryStore store, EventDispatcher<K, V> events,
      JCacheStatistics stats, Executor executor, CaskadeConfiguration<?, ?> config) {
    this.ops = ops;
    this.store = store;
    this.events = events;
    this.stats = stats;
    this.executor = executor;
    this.refreshAheadMillis = millis(config.getRefreshAhead());
    this.staleWhileRevalidateMillis = millis(config.getStaleWhileRevalidate());
    this.staleIfErrorMillis = millis(config.getStaleIfError());
    this.earlyRefreshBeta = config.getEarlyRefreshBeta();
  }

  /** True when {@code config} asks for any window (else plain read-through applies). */
  static boolean wanted(CaskadeConfiguration<?, ?> config) {
    return millis(config.getRefreshAhead()) > 0 || millis(config.getStaleWhileRevalidate()) > 0
        || millis(config.getStaleIfError()) > 0 || config.getEarlyRefreshBeta() > 0;
  }

  /** Read-through {@code get} with the windows applied. */
  V get(K key, Events<K, V> ev) {
    return ops.withLock(key, () -> {
      long now = EntryOps.now();
      Stored raw = store.get(key);
      if (raw != null && !raw.isExpiredAt(now)) {
        stats.hits(1);
        ops.accessed(key, raw, now);
        if (raw.expireAt() != Long.MAX_VALUE && (raw.expireAt() - now <= refreshAheadMillis
            || xfetch(key, raw, now))) {
          refresh(key);
        }
        return ops.out(raw);
      }
      long age = raw == null ? Long.MAX_VALUE : now - raw.expireAt();
      if (age <= staleWhileRevalidateMillis) {
        stats.hits(1);
        refresh(key);
        return ops.out(raw);
      }
      stats.misses(1);
      V loaded;
      try {
        loaded = timedLoad(key);
      } catch (CacheLoaderException e) {
        if (age <= staleIfErrorMillis) {
          LOG.debug("serving a stale entry of {} after a failed load", key, e);
          return ops.out(raw);
        }
        throw e;
      }
      if (raw != null) {
        store.remove(key);
        ev.expired(key, ops.out(raw));
      }
      if (loaded == null) {
        return null;
      }
      ops.storeValue(key, loaded, null, ev, now);
      return loaded;
    });
  }

  private void refresh(K key) {
    if (!refreshing.add(key)) {
      return;
    }
    try {
      executor.execute(() -> {
        try {
          V v = timedLoad(key);
          if (v != null) {
            Events<K, V> ev = events.batch();
            ops.withLock(key, () -> {
              long now = EntryOps.now();
              Stored current = store.get(key);
              ops.storeValue(key, v, current == null || current.isExpiredAt(now) ? null : current,
                  ev, now);
              return null;
            });
            ev.publish();
          }
        } catch (RuntimeException e) {
          LOG.warn("background reload of {} failed", key, e);
        } finally {
          refreshing.remove(key);
        }
      });
    } catch (RuntimeException rejected) {
      refreshing.remove(key);
    }
  }

  /**
   * XFetch (Vattani et al.): refresh early with a probability that grows as expiry nears, faster
   * for keys whose load is slow: {@code now - cost * beta * ln(random) >= expiry}.
   */
  private boolean xfetch(K key, Stored s, long now) {
    if (earlyRefreshBeta <= 0) {
      return false;
    }
    Double cost = loadCosts.get(key);
    if (cost == null) {
      return false;
    }
    double gap = -cost * earlyRefreshBeta * Math.log(ThreadLocalRandom.current().nextDouble());
    return now + gap >= s.expireAt();
  }

  private V timedLoad(K key) {
    long start = System.nanoTime();
    V v = ops.load(key);
    if (earlyRefreshBeta > 0) {
      if (loadCosts.size() > 100_000) {
        loadCosts.clear();
      }
      loadCosts.put(key, (System.nanoTime() - start) / 1e6);
    }
    return v;
  }

  private static long millis(Duration d) {
    return d == null ? 0 : d.toMillis();
  }
}
