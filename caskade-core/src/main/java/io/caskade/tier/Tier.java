package io.caskade.tier;

import io.caskade.entry.Entry;
import java.util.Collection;
import java.util.Map;

/**
 * A shared tier below the in-process L1: the SPI the Redis module implements.
 *
 * <p>The read path calls a tier only through this interface, so a tier never changes how reads,
 * stale windows or loads behave. A tier reports its own failures (timeouts, connection loss,
 * circuit open) by throwing {@link TierException}; the cache counts those and carries on as on a
 * miss, so a failing tier never fails a read. Corrupt data is the tier's to detect: it returns a
 * miss and counts it, it never returns an entry it could not decode.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Tier<K, V> extends AutoCloseable {

  /** A short name for metrics and logs, e.g. {@code "redis"}. */
  String name();

  /** The entry under {@code key}, or null on a miss (including expired or undecodable data). */
  Entry<V> get(K key);

  /** The entries found for {@code keys} (a batch read); keys that miss are absent from the map. */
  Map<K, Entry<V>> getAll(Collection<? extends K> keys);

  /** Stores {@code entry}; the tier expires it physically at {@link Entry#expiresAt()}. */
  void put(K key, Entry<V> entry);

  /**
   * Stores {@code entry} in place of whatever the tier holds for {@code key} — a value this
   * instance wrote or put — voiding any outstanding lease, and tells other instances to drop their
   * copies. A tier that can should do it without a moment in which the key is absent (a reader
   * arriving then would take the lease and load again); the default invalidates, then stores.
   */
  default void replace(K key, Entry<V> entry) {
    invalidate(key);
    put(key, entry);
  }

  /** Deletes the entry and voids any outstanding lease on it, then tells other instances. */
  void invalidate(K key);

  /** {@link #invalidate} for many keys, batched. */
  void invalidateAll(Collection<? extends K> keys);

  /** Makes every entry of this cache unreachable (e.g. a namespace generation bump), and tells others. */
  void invalidateAll();

  /**
   * Fleet-wide single-flight support, or null when this tier has none. When present the cache
   * takes a lease before loading a key that missed in every tier.
   */
  default Leases<K, V> leases() {
    return null;
  }

  /**
   * For tiers with {@link #leases()}: the entry this tier holds for {@code key} now, or else the
   * answer to a lease request on it ({@link Leases#claim}). The default reads with {@link #get},
   * acquires, and when granted reads once more (a fill that landed in between is found, and the
   * lease given back); a tier whose leases see its entries answers in one round trip.
   *
   * @throws IllegalStateException if this tier has no leases
   */
  default Claim<V> claim(K key) {
    Leases<K, V> leases = leases();
    if (leases == null) {
      throw new IllegalStateException("tier '" + name() + "' has no leases");
    }
    return ReadThenAcquire.claim(key, this::get, leases);
  }


  /**
   * The shared tag versions of this tier, or null to use the in-process ones. Entries record the
   * versions of their tags; an entry built under an older version is a miss.
   */
  default io.caskade.invalidation.TagVersions tagVersions() {
    return null;
  }

  /**
   * Binds the tier to the cache it serves, once, when the cache is built (before any other call):
   * the tier takes the cache's name and clock from here. A tier that was configured with a cache
   * name of its own throws {@link IllegalStateException} when the names differ.
   */
  default void bind(String cache, io.caskade.time.CacheClock clock) {}

  /** Registers the listener that evicts L1 when another instance invalidates. */
  default void subscribe(RemoteInvalidationListener<K> listener) {}

  /** Releases connections and threads; idempotent. */
  @Override
  default void close() {}
}
