package io.caskade;

import io.caskade.entry.Entry;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The in-process tier as the engine sees it: {@link L1Store} on Caffeine, or {@link #none()} when
 * the cache was built with {@code disableL1()} — a tier that holds nothing, so no step of the
 * engine checks for its absence.
 */
interface LocalTier<K, V> extends CachedKeys<K>, AutoCloseable {

  /** A tier that holds nothing: every read misses, every write is dropped. */
  static <K, V> LocalTier<K, V> none() {
    @SuppressWarnings("unchecked")
    LocalTier<K, V> none = (LocalTier<K, V>) NoL1.INSTANCE;
    return none;
  }

  /** False for {@link #none()}. */
  boolean isEnabled();

  /** The usable entry under {@code key} at {@code now} (fresh or stale), or null. */
  Entry<V> get(K key, long now);

  /** The entry under {@code key}, or null. */
  Entry<V> get(K key);

  /** Stores {@code entry} unconditionally (a value this instance itself wrote). */
  void put(K key, Entry<V> entry);

  /**
   * The invalidation stamp of {@code key}: take it before reading a lower tier whose value will be
   * stored with {@link #putIfUnchanged}.
   */
  long stamp(K key);

  /**
   * Stores {@code entry} unless {@code key} was invalidated (or everything cleared) after
   * {@code stamp} was taken, or {@code voided} says so.
   */
  boolean putIfUnchanged(K key, Entry<V> entry, long stamp, BooleanSupplier voided);

  /** {@link #putIfUnchanged(Object, Entry, long, BooleanSupplier)} with nothing else to check. */
  default boolean putIfUnchanged(K key, Entry<V> entry, long stamp) {
    return putIfUnchanged(key, entry, stamp, () -> false);
  }

  /** The entry held for {@code key} when invalidations stopped being heard, or null. */
  Entry<V> suspect(K key, long now);

  void invalidate(K key);

  void invalidateAll();

  /**
   * Drops every entry whose key {@code affected} accepts, and refuses every fill in flight (they
   * may carry a value from before what was missed).
   */
  void invalidateIf(Predicate<? super K> affected);

  /** Invalidations may be missed from now on: see {@link L1Store#distrust}. */
  void distrust(Duration lifetime);

  /** Invalidations are heard again: see {@link L1Store#trust}. */
  void trust();

  @Override
  void close();
}
