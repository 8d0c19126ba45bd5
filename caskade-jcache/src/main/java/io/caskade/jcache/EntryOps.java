package io.caskade.jcache;

import com.google.common.util.concurrent.Striped;
import io.caskade.jcache.event.EventDispatcher.Events;
import io.caskade.jcache.management.JCacheStatistics;
import io.caskade.jcache.store.Copier;
import io.caskade.jcache.store.EntryStore;
import io.caskade.jcache.store.Stored;
import io.caskade.source.Source;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * The steps every operation of a {@link CaskadeJCache} is made of, each run under the key's lock
 * (striped over the keys): reading a live entry (an expired one is removed with its EXPIRED
 * event), applying the expiry policy on access, creation and update, store-by-value copies, and
 * calling the loader and writer with JSR-107's exception wrapping.
 */
final class EntryOps<K, V> {

  private final MutableConfiguration<K, V> configuration;
  private final EntryStore store;
  private final Copier copier;
  private final ExpiryTimes expiry;
  private final CacheLoader<K, V> loader;
  private final CacheWriter<K, V> writer;
  private final Source source;
  private final JCacheStatistics stats;
  private final Striped<Lock> locks = Striped.lock(1024);

  EntryOps(MutableConfiguration<K, V> configuration, EntryStore store, Copier copier,
      ExpiryTimes expiry, CacheLoader<K, V> loader, CacheWriter<K, V> writer, Source source,
      JCacheStatistics stats) {
    this.configuration = configuration;
    this.store = store;
    this.copier = copier;
    this.expiry = expiry;
    this.loader = loader;
    this.writer = writer;
    this.source = source;
    this.stats = stats;
  }

  CacheLoader<K, V> loader() {
    return loader;
  }

  CacheWriter<K, V> writer() {
    return writer;
  }

  ExpiryTimes expiry() {
    return expiry;
  }

  /** Read-through is on and there is a loader. */
  boolean readThrough() {
    return configuration.isReadThrough() && loader != null;
  }

  /** Whether a live entry exists (no statistics, no expiry change). */
  boolean contains(K key) {
    Stored s = store.get(key);
    return s != null && !s.isExpiredAt(now());
  }

  <T> T withLock(Object key, Supplier<T> body) {
    Lock lock = locks.get(key);
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  /** The entry for {@code key} if not expired; an expired one is removed with an EXPIRED event. */
  Stored live(K key, Events<K, V> ev, long now) {
    Stored s = store.get(key);
    if (s != null && s.isExpiredAt(now)) {
      store.remove(key);
      ev.expired(key, out(s));
      return null;
    }
    return s;
  }

  /** Applies the policy's expiry on access to a read entry. */
  void accessed(K key, Stored s, long now) {
    long at = expiry.onAccess(now);
    if (at != ExpiryTimes.UNCHANGED && at != s.expireAt()) {
      store.touch(key, s.withExpireAt(at));
    }
  }

  /**
   * Stores {@code value} over {@code old} (null = a creation) with the policy's expiry, adding the
   * event. A creation the policy expires at once is not stored: returns false.
   */
  boolean storeValue(K key, V value, Stored old, Events<K, V> ev, long now) {
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
  void storeLoaded(K key, V value, boolean replaceExisting, Events<K, V> ev, long now) {
    Stored old = live(key, ev, now);
    if (old == null || replaceExisting) {
      storeValue(key, value, old, ev, now);
    }
  }

  V loadAndStore(K key, Events<K, V> ev, long now) {
    V loaded = load(key);
    if (loaded == null) {
      return null;
    }
    storeValue(key, loaded, null, ev, now);
    return copier.copy(loaded);
  }

  V load(K key) {
    try {
      return source == null ? loader.load(key) : source.call(() -> loader.load(key));
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException(e);
    }
  }

  Map<K, V> loadAll(Collection<K> keys) {
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

  boolean writeThrough() {
    return configuration.isWriteThrough() && writer != null;
  }

  void write(K key, V value) {
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

  void delete(K key) {
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
  V out(Stored s) {
    return copier.copy((V) s.value());
  }

  static long now() {
    return System.currentTimeMillis();
  }

  /** {@link CaskadeJCache#get} when misses wait for the first missing caller's put (outside the key's lock). */
  V getWaitingForHerd(K key, Events<K, V> ev) {
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

}
