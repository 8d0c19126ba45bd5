package io.caskade.http.purge;

import io.caskade.Cache;
import io.caskade.CachedKeys;
import io.caskade.CacheEntry;
import io.caskade.CacheLoader;
import io.caskade.CacheStats;
import io.caskade.Lookup;
import io.caskade.http.SurrogateKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Cache} that also purges the CDN: every invalidation (key, keys, tag, namespace) and
 * every change through the cache ({@code put}, {@code write}, {@code delete}) queues the matching
 * surrogate keys on an {@link AsyncPurger} after the cache applied it. The queue never blocks and
 * never fails the call, so a CDN outage cannot slow down or break a write; the CDN copies are
 * purged once it answers again.
 *
 * <p>Purges are sent by the instance that made the change; closing this cache closes the wrapped
 * cache, not the purger (share one purger between caches and close it last).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class PurgingCache<K, V> implements Cache<K, V> {

  private final Cache<K, V> delegate;
  private final SurrogateKeys<K> keys;
  private final AsyncPurger purger;

  private PurgingCache(Cache<K, V> delegate, SurrogateKeys<K> keys, AsyncPurger purger) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.purger = Objects.requireNonNull(purger, "purger");
  }

  /** {@code cache}, purging through {@code purger} with surrogate keys named by {@code keys}. */
  public static <K, V> PurgingCache<K, V> wrap(Cache<K, V> cache, SurrogateKeys<K> keys,
      AsyncPurger purger) {
    return new PurgingCache<>(cache, keys, purger);
  }

  /** The wrapped cache. */
  public Cache<K, V> delegate() {
    return delegate;
  }

  private void purgeKey(K key) {
    purger.submit(List.of(keys.key(key)));
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public V get(K key) {
    return delegate.get(key);
  }

  @Override
  public V get(K key, CacheLoader<? super K, ? extends V> loader) {
    return delegate.get(key, loader);
  }

  @Override
  public V getIfPresent(K key) {
    return delegate.getIfPresent(key);
  }

  @Override
  public Lookup<V> lookup(K key) {
    return delegate.lookup(key);
  }

  @Override
  public Optional<CacheEntry<V>> entry(K key) {
    return delegate.entry(key);
  }

  @Override
  public CacheEntry<V> getEntry(K key) {
    return delegate.getEntry(key);
  }

  @Override
  public Map<K, V> getAll(Collection<? extends K> keys) {
    return delegate.getAll(keys);
  }

  @Override
  public CompletableFuture<V> getAsync(K key) {
    return delegate.getAsync(key);
  }

  @Override
  public CompletableFuture<V> getAsync(K key, CacheLoader<? super K, ? extends V> loader) {
    return delegate.getAsync(key, loader);
  }

  @Override
  public CompletableFuture<Map<K, V>> getAllAsync(Collection<? extends K> keys) {
    return delegate.getAllAsync(keys);
  }

  @Override
  public void put(K key, V value) {
    delegate.put(key, value);
    purgeKey(key);
  }

  @Override
  public void write(K key, V value) {
    try {
      delegate.write(key, value);
    } finally {
      purgeKey(key); // a failed write invalidates the cache too
    }
  }

  @Override
  public void delete(K key) {
    try {
      delegate.delete(key);
    } finally {
      purgeKey(key);
    }
  }

  @Override
  public void invalidate(K key) {
    delegate.invalidate(key);
    purgeKey(key);
  }

  @Override
  public void invalidateAll(Collection<? extends K> toInvalidate) {
    delegate.invalidateAll(toInvalidate);
    List<String> surrogate = new ArrayList<>(toInvalidate.size());
    for (K k : toInvalidate) {
      surrogate.add(keys.key(k));
    }
    purger.submit(surrogate);
  }

  @Override
  public void invalidateAll() {
    delegate.invalidateAll();
    purger.submit(List.of(keys.namespace()));
  }

  @Override
  public void invalidateTag(String tag) {
    delegate.invalidateTag(tag);
    purger.submit(List.of(keys.tag(tag)));
  }

  @Override
  public CachedKeys<K> keys() {
    return delegate.keys();
  }

  @Override
  public CacheStats stats() {
    return delegate.stats();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "PurgingCache{" + delegate + '}';
  }
}
