package io.caskade.jcache;

import io.caskade.jcache.event.EventDispatcher;
import io.caskade.jcache.event.EventDispatcher.Events;
import io.caskade.jcache.management.JCacheConfigurationBean;
import io.caskade.jcache.management.JCacheStatistics;
import io.caskade.jcache.management.MBeans;
import io.caskade.jcache.store.Copier;
import io.caskade.jcache.store.EntryStore;
import io.caskade.jcache.store.Stored;
import io.caskade.source.Source;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JSR-107 {@link Cache} on a Caskade cache. The JCache semantics the Caskade API does not
 * express — atomic conditional operations, expiry on access and update, store-by-value copies,
 * entry events with old values, write-through ordering — live here, each key's operations
 * serialized by a lock striped over the keys.
 */
public final class CaskadeJCache<K, V> implements Cache<K, V> {

  private final CaskadeCacheManager manager;
  private final String name;
  private final MutableConfiguration<K, V> configuration;
  private final EntryStore store;
  private final EventDispatcher<K, V> events;
  private final JCacheStatistics stats = new JCacheStatistics();
  private final EntryOps<K, V> ops;
  private final BulkOps<K, V> bulk;
  private final ConditionalOps<K, V> conditional;
  private final Invocations<K, V> invocations;
  private final ReadThroughWindows<K, V> windows;
  private final JCacheConfigurationBean configurationBean;
  private volatile boolean closed;

  @SuppressWarnings("unchecked")
  CaskadeJCache(CaskadeCacheManager manager, String name, MutableConfiguration<K, V> configuration,
      EntryStore store, Source source) {
    this.manager = manager;
    this.name = name;
    this.configuration = configuration;
    this.store = store;
    Copier copier = configuration.isStoreByValue()
        ? Copier.serializing(manager.getClassLoader()) : Copier.identity();
    ExpiryTimes expiry = new ExpiryTimes(configuration.getExpiryPolicyFactory().create());
    CacheLoader<K, V> loader = configuration.getCacheLoaderFactory() == null ? null
        : configuration.getCacheLoaderFactory().create();
    CacheWriter<K, V> writer = configuration.getCacheWriterFactory() == null ? null
        : (CacheWriter<K, V>) configuration.getCacheWriterFactory().create();
    this.ops = new EntryOps<>(configuration, store, copier, expiry, loader, writer, source, stats);
    this.events = new EventDispatcher<>(this);
    this.bulk = new BulkOps<>(ops, store, events, stats, manager.executor());
    this.conditional = new ConditionalOps<>(ops, store, events, stats);
    this.invocations = new Invocations<>(ops, store, events, stats);
    this.windows = configuration instanceof CaskadeConfiguration<K, V> c
        && ReadThroughWindows.wanted(c)
        ? new ReadThroughWindows<>(ops, store, events, stats, manager.executor(), c) : null;
    for (CacheEntryListenerConfiguration<K, V> l : configuration.getCacheEntryListenerConfigurations()) {
      events.register(l);
    }
    this.configurationBean = new JCacheConfigurationBean(configuration);
    setStatisticsEnabled(configuration.isStatisticsEnabled());
    setManagementEnabled(configuration.isManagementEnabled());
  }

  // ------------------------------------------------------------------ reads

  @Override
  public V get(K key) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    boolean readThrough = ops.readThrough();
    V value;
    if (store.herd() != null && !readThrough) {
      value = ops.getWaitingForHerd(key, ev);
    } else if (readThrough && windows != null) {
      value = windows.get(key, ev);
    } else {
      value = ops.withLock(key, () -> {
        long now = EntryOps.now();
        Stored s = ops.live(key, ev, now);
        if (s != null) {
          stats.hits(1);
          ops.accessed(key, s, now);
          return ops.out(s);
        }
        stats.misses(1);
        return readThrough ? ops.loadAndStore(key, ev, now) : null;
      });
    }
    stats.getTime(start);
    ev.publish();
    return value;
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    ensureOpen();
    requireNoNulls(keys);
    return bulk.getAll(keys);
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      CompletionListener completionListener) {
    ensureOpen();
    requireNoNulls(keys);
    bulk.loadAll(keys, replaceExistingValues, completionListener);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    ensureOpen();
    bulk.putAll(map);
  }

  @Override
  public boolean containsKey(K key) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    Stored s = store.get(key);
    return s != null && !s.isExpiredAt(EntryOps.now());
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void put(K key, V value) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    ops.withLock(key, () -> {
      long now = EntryOps.now();
      Stored old = ops.live(key, ev, now);
      ops.write(key, value);
      if (ops.storeValue(key, value, old, ev, now)) {
        stats.puts(1);
      }
      return null;
    });
    stats.putTime(start);
    ev.publish();
  }

  @Override
  public V getAndPut(K key, V value) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    V previous = ops.withLock(key, () -> {
      long now = EntryOps.now();
      Stored old = ops.live(key, ev, now);
      ops.write(key, value);
      if (ops.storeValue(key, value, old, ev, now)) {
        stats.puts(1);
      }
      if (old == null) {
        stats.misses(1);
        return null;
      }
      stats.hits(1);
      return ops.out(old);
    });
    stats.putTime(start);
    stats.getTime(start);
    ev.publish();
    return previous;
  }

  @Override
  public boolean remove(K key) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    boolean removed = ops.withLock(key, () -> {
      long now = EntryOps.now();
      Stored old = ops.live(key, ev, now);
      ops.delete(key);
      if (old == null) {
        if (store.herd() != null) {
          store.remove(key); // ends a claim to load it (Hibernate evicts what it will not put)
        }
        return false;
      }
      store.remove(key);
      ev.removed(key, ops.out(old));
      stats.removals(1);
      return true;
    });
    stats.removeTime(start);
    ev.publish();
    return removed;
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    ensureOpen();
    return conditional.putIfAbsent(key, value);
  }

  @Override
  public boolean remove(K key, V oldValue) {
    ensureOpen();
    return conditional.remove(key, oldValue);
  }

  @Override
  public V getAndRemove(K key) {
    ensureOpen();
    return conditional.getAndRemove(key);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    ensureOpen();
    return conditional.replace(key, oldValue, newValue);
  }

  @Override
  public boolean replace(K key, V value) {
    ensureOpen();
    return conditional.getAndReplace(key, value, false) != null;
  }

  @Override
  public V getAndReplace(K key, V value) {
    ensureOpen();
    return conditional.getAndReplace(key, value, true);
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    ensureOpen();
    requireNoNulls(keys);
    bulk.removeAll(new ArrayList<>(keys), false);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void removeAll() {
    ensureOpen();
    List<K> keys = new ArrayList<>();
    for (Object k : store.keys()) {
      keys.add((K) k);
    }
    bulk.removeAll(keys, store.isShared());
  }

  @Override
  public void clear() {
    ensureOpen();
    store.clear();
  }

  // ------------------------------------------------------------------ entry processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(processor, "processor");
    return invocations.invoke(key, processor, arguments);
  }


  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> processor, Object... arguments) {
    ensureOpen();
    requireNoNulls(keys);
    Objects.requireNonNull(processor, "processor");
    Map<K, EntryProcessorResult<T>> results = new LinkedHashMap<>();
    for (K key : keys) {
      try {
        T r = invoke(key, processor, arguments);
        if (r != null) {
          results.put(key, () -> r);
        }
      } catch (EntryProcessorException e) {
        results.put(key, () -> {
          throw e;
        });
      }
    }
    return results;
  }

  // ------------------------------------------------------------------ listeners, config, lifecycle

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    ensureOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
    events.register(listenerConfiguration);
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    ensureOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
    events.deregister(listenerConfiguration);
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    if (clazz.isInstance(configuration)) {
      return clazz.cast(configuration);
    }
    throw new IllegalArgumentException("the configuration is not a " + clazz.getName());
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    ensureOpen();
    return new EntryIterator<>(this, store.keys());
  }

  /** The next live entry for {@code key} during iteration, counted as a hit, or null. */
  @SuppressWarnings("unchecked")
  Cache.Entry<K, V> iterated(Object rawKey) {
    K key = (K) rawKey;
    Events<K, V> ev = events.batch();
    Cache.Entry<K, V> entry = ops.withLock(key, () -> {
      long now = EntryOps.now();
      Stored s = ops.live(key, ev, now);
      if (s == null) {
        store.forget(key);
        return null;
      }
      stats.hits(1);
      ops.accessed(key, s, now);
      return new JCacheEntry<>(key, ops.out(s));
    });
    ev.publish();
    return entry;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    if (clazz.isInstance(store.cache())) {
      return clazz.cast(store.cache());
    }
    throw new IllegalArgumentException("cannot unwrap to " + clazz);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    manager.release(name);
    bulk.awaitLoads(Duration.ofSeconds(10));
    MBeans.unregister(MBeans.Kind.STATISTICS, manager.getURI().toString(), name);
    MBeans.unregister(MBeans.Kind.CONFIGURATION, manager.getURI().toString(), name);
    closeQuietly(ops.loader());
    closeQuietly(ops.writer());
    closeQuietly(ops.expiry().policy());
    events.close();
    store.close();
  }

  /** Clears and closes (the manager's destroyCache). */
  void destroy() {
    if (!closed) {
      store.clear();
    }
    close();
  }

  void setStatisticsEnabled(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
    stats.setEnabled(enabled);
    if (enabled) {
      MBeans.register(stats, MBeans.Kind.STATISTICS, manager.getURI().toString(), name);
    } else {
      MBeans.unregister(MBeans.Kind.STATISTICS, manager.getURI().toString(), name);
    }
  }

  void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
    if (enabled) {
      MBeans.register(configurationBean, MBeans.Kind.CONFIGURATION, manager.getURI().toString(), name);
    } else {
      MBeans.unregister(MBeans.Kind.CONFIGURATION, manager.getURI().toString(), name);
    }
  }

  /** The JSR-107 statistics of this cache. */
  public JCacheStatistics statistics() {
    return stats;
  }


  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("cache '" + name + "' is closed");
    }
  }

  private static void requireNoNulls(Collection<?> keys) {
    Objects.requireNonNull(keys, "keys");
    for (Object k : keys) {
      Objects.requireNonNull(k, "keys must not contain null");
    }
  }

  private static void closeQuietly(Object o) {
    if (o instanceof Closeable c) {
      try {
        c.close();
      } catch (IOException | RuntimeException e) {
        // closing a user's loader, writer or policy must not stop the cache from closing
      }
    }
  }
}
