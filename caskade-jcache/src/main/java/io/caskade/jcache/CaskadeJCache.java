package io.caskade.jcache;

import com.google.common.util.concurrent.Striped;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
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
  private final Copier copier;
  private final ExpiryTimes expiry;
  private final CacheLoader<K, V> loader;
  private final CacheWriter<K, V> writer;
  private final Source source;
  private final EventDispatcher<K, V> events;
  private final JCacheStatistics stats = new JCacheStatistics();
  private final JCacheConfigurationBean configurationBean;
  private final Striped<Lock> locks = Striped.lock(1024);
  private volatile boolean closed;

  @SuppressWarnings("unchecked")
  CaskadeJCache(CaskadeCacheManager manager, String name, MutableConfiguration<K, V> configuration,
      EntryStore store, Source source) {
    this.manager = manager;
    this.name = name;
    this.configuration = configuration;
    this.store = store;
    this.source = source;
    this.copier = configuration.isStoreByValue()
        ? Copier.serializing(manager.getClassLoader()) : Copier.identity();
    this.expiry = new ExpiryTimes(configuration.getExpiryPolicyFactory().create());
    this.loader = configuration.getCacheLoaderFactory() == null ? null
        : (CacheLoader<K, V>) configuration.getCacheLoaderFactory().create();
    this.writer = configuration.getCacheWriterFactory() == null ? null
        : (CacheWriter<K, V>) configuration.getCacheWriterFactory().create();
    this.events = new EventDispatcher<>(this);
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
    boolean readThrough = configuration.isReadThrough() && loader != null;
    V value;
    if (store.herd() != null && !readThrough) {
      value = getWaitingForHerd(key, ev);
    } else {
      value = withLock(key, () -> {
        long now = now();
        Stored s = live(key, ev, now);
        if (s != null) {
          stats.hits(1);
          accessed(key, s, now);
          return out(s);
        }
        stats.misses(1);
        return readThrough ? loadAndStore(key, ev, now) : null;
      });
    }
    stats.getTime(start);
    ev.publish();
    return value;
  }

  /** {@link #get} when misses wait for the first missing caller's put (outside the key's lock). */
  private V getWaitingForHerd(K key, Events<K, V> ev) {
    Stored s = withLock(key, () -> live(key, ev, now()));
    if (s == null) {
      s = store.herd().onMiss(key, () -> {
        Stored r = store.get(key);
        return r == null || r.isExpiredAt(now()) ? null : r;
      });
    }
    if (s == null) {
      stats.misses(1);
      return null;
    }
    stats.hits(1);
    Stored found = s;
    withLock(key, () -> {
      accessed(key, found, now());
      return null;
    });
    return out(s);
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    ensureOpen();
    requireNoNulls(keys);
    long start = stats.start();
    Events<K, V> ev = events.batch();
    Map<K, V> found = new LinkedHashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : keys) {
      V v = withLock(key, () -> {
        long now = now();
        Stored s = live(key, ev, now);
        if (s == null) {
          return null;
        }
        accessed(key, s, now);
        return out(s);
      });
      if (v != null) {
        found.put(key, v);
      } else {
        missing.add(key);
      }
    }
    stats.hits(found.size());
    stats.misses(missing.size());
    if (!missing.isEmpty() && configuration.isReadThrough() && loader != null) {
      Map<K, V> loaded = loadAll(missing);
      for (Map.Entry<K, V> e : loaded.entrySet()) {
        if (e.getKey() != null && e.getValue() != null && missing.contains(e.getKey())) {
          withLock(e.getKey(), () -> {
            storeLoaded(e.getKey(), e.getValue(), true, ev, now());
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

  @Override
  public boolean containsKey(K key) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    Stored s = store.get(key);
    return s != null && !s.isExpiredAt(now());
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      CompletionListener completionListener) {
    ensureOpen();
    requireNoNulls(keys);
    CompletionListener done = completionListener != null ? completionListener
        : new CompletionListener() {
          @Override
          public void onCompletion() {}

          @Override
          public void onException(Exception e) {}
        };
    if (loader == null) {
      done.onCompletion();
      return;
    }
    List<K> copy = new ArrayList<>(keys);
    manager.executor().execute(() -> {
      try {
        List<K> toLoad = new ArrayList<>();
        for (K key : copy) {
          if (replaceExistingValues || !containsKey(key)) {
            toLoad.add(key);
          }
        }
        Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : loadAll(toLoad);
        Events<K, V> ev = events.batch();
        for (Map.Entry<K, V> e : loaded.entrySet()) {
          if (e.getKey() != null && e.getValue() != null) {
            withLock(e.getKey(), () -> {
              storeLoaded(e.getKey(), e.getValue(), replaceExistingValues, ev, now());
              return null;
            });
          }
        }
        ev.publish();
        done.onCompletion();
      } catch (Exception e) {
        done.onException(e);
      }
    });
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void put(K key, V value) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    withLock(key, () -> {
      long now = now();
      Stored old = live(key, ev, now);
      write(key, value);
      if (storeValue(key, value, old, ev, now)) {
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
    V previous = withLock(key, () -> {
      long now = now();
      Stored old = live(key, ev, now);
      write(key, value);
      if (storeValue(key, value, old, ev, now)) {
        stats.puts(1);
      }
      if (old == null) {
        stats.misses(1);
        return null;
      }
      stats.hits(1);
      return out(old);
    });
    stats.putTime(start);
    stats.getTime(start);
    ev.publish();
    return previous;
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    ensureOpen();
    Objects.requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      Objects.requireNonNull(e.getKey(), "map contains a null key");
      Objects.requireNonNull(e.getValue(), "map contains a null value");
    }
    long start = stats.start();
    Map<K, V> toPut = new LinkedHashMap<>(map);
    CacheWriterException failure = null;
    if (writeThrough()) {
      List<Cache.Entry<? extends K, ? extends V>> unwritten = new ArrayList<>();
      toPut.forEach((k, v) -> unwritten.add(new JCacheEntry<>(k, v)));
      try {
        writer.writeAll(unwritten);
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
      withLock(e.getKey(), () -> {
        long now = now();
        Stored old = live(e.getKey(), ev, now);
        if (storeValue(e.getKey(), e.getValue(), old, ev, now)) {
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

  @Override
  public boolean putIfAbsent(K key, V value) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    boolean added = withLock(key, () -> {
      long now = now();
      Stored old = live(key, ev, now);
      if (old != null) {
        stats.hits(1);
        return false;
      }
      stats.misses(1);
      write(key, value);
      if (storeValue(key, value, null, ev, now)) {
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

  @Override
  public boolean remove(K key) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    boolean removed = withLock(key, () -> {
      long now = now();
      Stored old = live(key, ev, now);
      delete(key);
      if (old == null) {
        if (store.herd() != null) {
          store.remove(key); // ends a claim to load it (Hibernate evicts what it will not put)
        }
        return false;
      }
      store.remove(key);
      ev.removed(key, out(old));
      stats.removals(1);
      return true;
    });
    stats.removeTime(start);
    ev.publish();
    return removed;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    boolean removed = withLock(key, () -> {
      long now = now();
      Stored old = live(key, ev, now);
      if (old == null) {
        stats.misses(1);
        return false;
      }
      stats.hits(1);
      if (!old.value().equals(oldValue)) {
        accessed(key, old, now);
        return false;
      }
      delete(key);
      store.remove(key);
      ev.removed(key, out(old));
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

  @Override
  public V getAndRemove(K key) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    V previous = withLock(key, () -> {
      long now = now();
      Stored old = live(key, ev, now);
      delete(key);
      if (old == null) {
        stats.misses(1);
        return null;
      }
      store.remove(key);
      V v = out(old);
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

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    boolean replaced = withLock(key, () -> {
      long now = now();
      Stored old = live(key, ev, now);
      if (old == null) {
        stats.misses(1);
        return false;
      }
      stats.hits(1);
      if (!old.value().equals(oldValue)) {
        accessed(key, old, now);
        return false;
      }
      write(key, newValue);
      storeValue(key, newValue, old, ev, now);
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

  @Override
  public boolean replace(K key, V value) {
    return getAndReplace(key, value, false) != null;
  }

  @Override
  public V getAndReplace(K key, V value) {
    return getAndReplace(key, value, true);
  }

  private V getAndReplace(K key, V value, boolean copyOld) {
    ensureOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    long start = stats.start();
    Events<K, V> ev = events.batch();
    V previous = withLock(key, () -> {
      long now = now();
      Stored old = live(key, ev, now);
      if (old == null) {
        stats.misses(1);
        return null;
      }
      stats.hits(1);
      write(key, value);
      storeValue(key, value, old, ev, now);
      stats.puts(1);
      return copyOld ? out(old) : value;
    });
    stats.getTime(start);
    if (previous != null) {
      stats.putTime(start);
    }
    ev.publish();
    return previous;
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    ensureOpen();
    requireNoNulls(keys);
    removeAll(new ArrayList<>(keys), false);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void removeAll() {
    ensureOpen();
    List<K> keys = new ArrayList<>();
    for (Object k : store.keys()) {
      keys.add((K) k);
    }
    removeAll(keys, store.isShared());
  }

  private void removeAll(List<K> keys, boolean clearShared) {
    long start = stats.start();
    Set<K> toRemove = new LinkedHashSet<>(keys);
    CacheWriterException failure = null;
    if (writeThrough() && !toRemove.isEmpty()) {
      List<K> undeleted = new ArrayList<>(toRemove);
      try {
        writer.deleteAll(undeleted);
        undeleted.clear();
      } catch (Exception e) {
        failure = e instanceof CacheWriterException c ? c : new CacheWriterException(e);
      }
      toRemove.removeAll(undeleted);
    }
    Events<K, V> ev = events.batch();
    for (K key : toRemove) {
      withLock(key, () -> {
        Stored old = live(key, ev, now());
        if (old != null) {
          store.remove(key);
          ev.removed(key, out(old));
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
    Events<K, V> ev = events.batch();
    T result = withLock(key, () -> {
      long now = now();
      Stored old = live(key, ev, now);
      InvokeEntry<K, V> entry = new InvokeEntry<>(key, old == null ? null : out(old),
          configuration.isReadThrough() && loader != null ? () -> load(key) : null);
      T r;
      try {
        r = processor.process(entry, arguments);
      } catch (EntryProcessorException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new EntryProcessorException(e);
      }
      try {
        applyInvoke(key, old, entry, ev, now);
      } catch (RuntimeException e) {
        throw new EntryProcessorException(e);
      }
      return r;
    });
    ev.publish();
    return result;
  }

  private void applyInvoke(K key, Stored old, InvokeEntry<K, V> entry, Events<K, V> ev, long now) {
    if (old != null) {
      stats.hits(1);
    } else {
      stats.misses(1);
    }
    switch (entry.operation()) {
      case NONE -> {
        if (old != null && entry.accessed()) {
          accessed(key, old, now);
        }
      }
      case LOADED -> storeLoaded(key, entry.currentValue(), false, ev, now);
      case SET -> {
        write(key, entry.currentValue());
        storeValue(key, entry.currentValue(), old, ev, now);
        stats.puts(1);
      }
      case REMOVED -> {
        delete(key);
        if (old != null) {
          store.remove(key);
          ev.removed(key, out(old));
          stats.removals(1);
        }
      }
      default -> throw new IllegalStateException(entry.operation().name());
    }
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
    Cache.Entry<K, V> entry = withLock(key, () -> {
      long now = now();
      Stored s = live(key, ev, now);
      if (s == null) {
        return null;
      }
      stats.hits(1);
      accessed(key, s, now);
      return new JCacheEntry<>(key, out(s));
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
    MBeans.unregister(MBeans.Kind.STATISTICS, manager.getURI().toString(), name);
    MBeans.unregister(MBeans.Kind.CONFIGURATION, manager.getURI().toString(), name);
    closeQuietly(loader);
    closeQuietly(writer);
    closeQuietly(expiry.policy());
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

  // ------------------------------------------------------------------ internals

  private <T> T withLock(Object key, Supplier<T> body) {
    Lock lock = locks.get(key);
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  /** The entry for {@code key} if not expired; an expired one is removed with an EXPIRED event. */
  private Stored live(K key, Events<K, V> ev, long now) {
    Stored s = store.get(key);
    if (s != null && s.isExpiredAt(now)) {
      store.remove(key);
      ev.expired(key, out(s));
      return null;
    }
    return s;
  }

  /** Applies the policy's expiry on access to a read entry. */
  private void accessed(K key, Stored s, long now) {
    long at = expiry.onAccess(now);
    if (at != ExpiryTimes.UNCHANGED && at != s.expireAt()) {
      store.touch(key, s.withExpireAt(at));
    }
  }

  /**
   * Stores {@code value} over {@code old} (null = a creation) with the policy's expiry, adding the
   * event. A creation the policy expires at once is not stored: returns false.
   */
  private boolean storeValue(K key, V value, Stored old, Events<K, V> ev, long now) {
    if (old == null) {
      long at = expiry.onCreation(now);
      if (at <= now) {
        return false;
      }
      store.put(copier.copy(key), new Stored(copier.copy(value), at));
      ev.created(key, value);
      return true;
    }
    long at = expiry.onUpdate(now);
    store.put(key, new Stored(copier.copy(value), at == ExpiryTimes.UNCHANGED ? old.expireAt() : at));
    ev.updated(key, value, out(old));
    return true;
  }

  /** Stores a loaded value (no write-through); an existing entry is replaced only if asked. */
  private void storeLoaded(K key, V value, boolean replaceExisting, Events<K, V> ev, long now) {
    Stored old = live(key, ev, now);
    if (old == null || replaceExisting) {
      storeValue(key, value, old, ev, now);
    }
  }

  private V loadAndStore(K key, Events<K, V> ev, long now) {
    V loaded = load(key);
    if (loaded == null) {
      return null;
    }
    storeValue(key, loaded, null, ev, now);
    return copier.copy(loaded);
  }

  private V load(K key) {
    try {
      return source == null ? loader.load(key) : source.call(() -> loader.load(key));
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException(e);
    }
  }

  private Map<K, V> loadAll(Collection<K> keys) {
    try {
      Map<K, V> loaded = source == null ? loader.loadAll(keys)
          : source.call(() -> loader.loadAll(keys));
      return loaded == null ? Map.of() : new LinkedHashMap<>(loaded);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException(e);
    }
  }

  private boolean writeThrough() {
    return configuration.isWriteThrough() && writer != null;
  }

  private void write(K key, V value) {
    if (writeThrough()) {
      try {
        writer.write(new JCacheEntry<>(key, value));
      } catch (CacheWriterException e) {
        throw e;
      } catch (Exception e) {
        throw new CacheWriterException(e);
      }
    }
  }

  private void delete(K key) {
    if (writeThrough()) {
      try {
        writer.delete(key);
      } catch (CacheWriterException e) {
        throw e;
      } catch (Exception e) {
        throw new CacheWriterException(e);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private V out(Stored s) {
    return copier.copy((V) s.value());
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

  private static long now() {
    return System.currentTimeMillis();
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
