package io.caskade.tier;

import io.caskade.entry.Entry;
import java.util.concurrent.TimeUnit;

/**
 * Leases over a shared tier (after memcache at Facebook): the first instance to miss a key gets a
 * token and loads; the others wait for its fill. A fill is accepted only while its token still
 * holds, and every invalidation voids outstanding tokens, so a load that read the source before a
 * write can never put the old row back after the write's delete.
 */
public interface Leases<K, V> {

  /**
   * Binds the leases to the cache they serve, once, before any other call (a composed tier calls
   * it with the same context as its store's; see {@link TierStore#bind}).
   */
  default void bind(TierContext context) {}

  /** Tries to take the lease on {@code key}. Never null. */
  Lease acquire(K key);

  /**
   * The step of a caller that missed and is about to load: the entry {@code store} holds for
   * {@code key} now (another instance filled it since the caller looked), or else the answer to a
   * lease request. Leases that can look at the store's entries do both atomically in one round
   * trip (the Redis leases: one script), so no lease is granted on a key already filled; the
   * default reads {@code store}, {@link #acquire acquires}, and when granted reads once more (a
   * fill that landed in between is found, and the lease given back).
   *
   * <p>An entry found is whatever the store holds (it may be stale or carry old tag versions);
   * the caller judges it, and takes the lease with {@link #acquire} if it cannot serve it.
   */
  default Claim<V> claim(K key, TierStore<K, V> store) {
    return ReadThenAcquire.claim(key, store::get, this);
  }

  /**
   * Stores {@code entry} only if {@code lease} still holds, and releases it.
   *
   * @return true when the entry was stored; false when the lease was voided (the key was
   *     invalidated while loading) or taken over after expiry
   */
  boolean fill(K key, Entry<V> entry, Lease lease);

  /** Gives the lease back without filling (the load failed). */
  void release(K key, Lease lease);

  /**
   * Waits until {@code key}'s lease may have ended — its holder filled the key, released the
   * lease, or an invalidation voided it — or until {@code maxNanos} passed, whichever comes first.
   * An instance waiting for another's fill calls it between its looks at the tier, so a tier that
   * hears of fills (a pub/sub notice, a blocking pop) wakes the waiter at once instead of leaving
   * it to its next poll.
   *
   * <p>Only a hint: a return promises no change (callers look at the tier again, and return early
   * spuriously is allowed), and a notice lost or never sent costs the caller at most
   * {@code maxNanos}. The default hears of nothing and sleeps {@code maxNanos}.
   *
   * @param maxNanos the longest to wait; nothing when zero or negative
   * @throws InterruptedException if the waiting thread is interrupted
   */
  default void awaitChange(K key, long maxNanos) throws InterruptedException {
    if (maxNanos > 0) {
      TimeUnit.NANOSECONDS.sleep(maxNanos);
    }
  }
}
