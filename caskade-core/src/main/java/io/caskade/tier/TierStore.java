package io.caskade.tier;

import io.caskade.codec.KeyCodec;
import io.caskade.entry.Entry;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The storage concern of a shared tier: entries by key, in a server several instances share (Redis,
 * Memcached). Composed with a {@link Leases lease provider}, a {@link VersionStore version store}
 * and an {@link io.caskade.bus.InvalidationBus invalidation bus} by {@link io.caskade.tier.compose.Tiers#compose}; the
 * store itself knows nothing of the others.
 *
 * <p>A store keeps every key under the cache's current namespace generation
 * ({@link TierContext#generation()}), so that bumping the generation makes every entry
 * unreachable at once. It reports its own failures (timeouts, connection loss, circuit open) by
 * throwing {@link TierException}; a value it cannot hold (too large, not encodable) by throwing
 * {@link TierRejectedException}. Bytes it cannot decode are a miss: counted, never thrown and
 * never returned. Stores written for Caskade pass the contract suites in {@code caskade-testkit}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface TierStore<K, V> extends AutoCloseable {

  /** A short name for metrics and logs, e.g. {@code "memcached"}. */
  String name();

  /** How keys become the strings the store, its leases and the bus use. */
  KeyCodec<K> keys();

  /**
   * Binds the store to the cache it serves, once, before any other call: the cache's name (the
   * prefix of the store's keys), its clock and the current namespace generation.
   */
  void bind(TierContext context);

  /** The entry under {@code key}, or null on a miss (including expired or undecodable data). */
  Entry<V> get(K key);

  /** The entries found for {@code keys} (a batch read); keys that miss are absent from the map. */
  Map<K, Entry<V>> getAll(Collection<? extends K> keys);

  /** Stores {@code entry}; the store expires it physically at {@link Entry#expiresAt()}. */
  void put(K key, Entry<V> entry);

  /**
   * Stores {@code entry} in place of whatever the store holds for {@code key}, voiding any
   * outstanding lease on it. A store that can should do it without a moment in which the key is
   * absent; the default deletes, then stores.
   */
  default void replace(K key, Entry<V> entry) {
    delete(List.of(key));
    put(key, entry);
  }

  /** Deletes the entries of {@code keys} and voids any outstanding lease on them. */
  void delete(Collection<? extends K> keys);

  /** Releases what the store holds (connections, threads); idempotent. */
  @Override
  default void close() {}
}
