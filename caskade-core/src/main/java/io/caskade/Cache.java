package io.caskade;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A named cache in front of a slow or fragile source, made by {@link Caskade#builder(String)}.
 *
 * <p>Reads go L1 (in-process, Caffeine) → L2 (a shared {@link io.caskade.tier.Tier}, e.g. Redis)
 * → source. On the way every defence configured on the builder applies: one load per key
 * (single-flight, fleet-wide with leases), early refresh (XFetch, refresh-ahead),
 * stale-while-revalidate, stale-if-error, negative caching, the bloom guard and source protection.
 *
 * <p>Keys and values are never null: a null argument is rejected with a
 * {@link NullPointerException} naming it. A value the source does not have reads as null from
 * {@link #get} and as {@link Lookup.State#NOT_FOUND} from {@link #lookup}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Cache<K, V> extends AutoCloseable {

  /** The cache's name (metrics, logs, the key prefix in shared tiers). */
  String name();

  /**
   * Read-through: the value for {@code key}, loaded with the cache's loader on a miss.
   *
   * @return the value, or null when the source has none (cached as not found)
   * @throws CacheLoadException when the load failed and no stale value could be served
   * @throws IllegalStateException when the cache was built without a loader
   */
  V get(K key);

  /**
   * Cache-aside with every protection: the value for {@code key}, loaded with {@code loader} on a
   * miss (single-flight, source protection, stale windows all apply).
   */
  V get(K key, CacheLoader<? super K, ? extends V> loader);

  /** The cached value, or null when absent or cached as not found. Never loads. */
  V getIfPresent(K key);

  /** What the cache holds for {@code key}, telling "absent" from "cached as not found". Never loads. */
  Lookup<V> lookup(K key);

  /**
   * What the cache holds for {@code key} with its metadata (load time, fresh and stale windows,
   * version, tags), or empty when nothing servable is cached. Never loads. Used by the HTTP layer
   * to answer conditional requests and to derive Cache-Control, ETag and Last-Modified.
   *
   * @throws UnsupportedOperationException when the implementation keeps no such metadata
   */
  default Optional<CacheEntry<V>> entry(K key) {
    throw new UnsupportedOperationException(getClass().getName() + " exposes no entry metadata");
  }

  /**
   * Read-through like {@link #get(Object)}, returning the entry that answered (a hit, a stale
   * entry served under stale-while-revalidate or stale-if-error, or the new load) with its
   * metadata. A "not found" is returned as an entry with {@link CacheEntry#isNotFound()}.
   *
   * @throws CacheLoadException when the load failed and no stale entry could be served
   * @throws UnsupportedOperationException when the implementation keeps no such metadata
   */
  default CacheEntry<V> getEntry(K key) {
    throw new UnsupportedOperationException(getClass().getName() + " exposes no entry metadata");
  }

  /**
   * The values of {@code keys}; the misses are loaded with a single {@link CacheLoader#loadAll}.
   * Keys the source does not have are absent from the result.
   */
  Map<K, V> getAll(Collection<? extends K> keys);

  /** {@link #get(Object)} without blocking the caller on a load. */
  CompletableFuture<V> getAsync(K key);

  /** {@link #get(Object, CacheLoader)} without blocking the caller on a load. */
  CompletableFuture<V> getAsync(K key, CacheLoader<? super K, ? extends V> loader);

  /** {@link #getAll} without blocking the caller on a load. */
  CompletableFuture<Map<K, V>> getAllAsync(Collection<? extends K> keys);

  /**
   * Stores {@code value} in every tier with the configured TTL: the shared copy is replaced in
   * place (voiding leases) and other instances drop their L1 copies. For values that came from the
   * source; to change the source, use a write path (invalidate-on-write) rather than put.
   */
  void put(K key, V value);

  /**
   * Changes the source through the configured writer and keeps the cache with it, by the write
   * mode: INVALIDATE (default) writes then deletes the cached entry everywhere; THROUGH writes
   * then caches the new value; BEHIND caches the value and queues the write.
   *
   * @throws io.caskade.write.CacheWriteException when the writer (or the write-behind queue)
   *     fails; the cache then holds nothing for the key that the source may not have
   * @throws IllegalStateException when the cache was built without a writer
   */
  void write(K key, V value);

  /** Deletes {@code key} from the source through the writer, and from the cache (see {@link #write}). */
  void delete(K key);

  /** Deletes {@code key} from every tier (voiding leases) and tells other instances. */
  void invalidate(K key);

  /** {@link #invalidate} for many keys. */
  void invalidateAll(Collection<? extends K> keys);

  /** Makes every entry of this cache unreachable, on every instance. */
  void invalidateAll();

  /** Invalidates every entry built under {@code tag} (dependency invalidation, O(1)). */
  void invalidateTag(String tag);

  /**
   * The keys this cache holds in its in-process tier (hottest first, or a random sample): what a
   * hot-key snapshot stores and a drift audit samples.
   */
  CachedKeys<K> keys();

  /** A snapshot of the counters. */
  CacheStats stats();

  /**
   * Stores the hot-key snapshot, flushes the write-behind queue within its deadline, then stops
   * background work and releases tiers; idempotent. Afterwards every method but {@link #name()},
   * {@link #stats()} and {@code close()} throws {@link IllegalStateException} naming the cache.
   */
  @Override
  void close();
}
