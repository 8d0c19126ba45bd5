package io.caskade;

import io.caskade.entry.Entry;

/**
 * Stores values this instance itself put or wrote in every tier (write-through, write-behind and
 * {@code put}); a written null is a deletion, cached as not found.
 */
final class WrittenEntries<K, V> {

  private final CacheContext<K, V> ctx;
  private final Invalidations<K, V> invalidations;

  WrittenEntries(CacheContext<K, V> ctx, Invalidations<K, V> invalidations) {
    this.ctx = ctx;
    this.invalidations = invalidations;
  }

  /**
   * A value that came from the source ({@code Cache.put}): stored in every tier, and other
   * instances drop their copies.
   */
  void put(K key, V value) {
    ctx.flights.forget(key);
    Entry<V> entry = ctx.entries.create(key, value, ctx.clock.nanos(), 0);
    if (ctx.bloom != null) {
      ctx.bloom.put(key);
    }
    if (!ctx.l2.replace(key, entry)) { // other instances drop their copies too
      invalidations.deferred(key);
    }
    ctx.l1.put(key, entry);
    ctx.l2Reads.forget(key); // after L2's replace: later reads see the new copy
  }

  /**
   * A value this instance just wrote: replaces the shared copy (voiding leases, telling other
   * L1s, with no moment in which L2 holds nothing) and L1's.
   */
  void written(K key, V value) {
    Entry<V> entry = ctx.entries.create(key, value, ctx.clock.nanos(), 0);
    ctx.flights.forget(key);
    if (!ctx.l2.replace(key, entry)) { // voids leases, tells other L1s; no gap in L2
      invalidations.deferred(key);
    }
    ctx.l1.put(key, entry);
    ctx.l2Reads.forget(key);
    if (value != null && ctx.bloom != null) {
      ctx.bloom.put(key);
    }
  }
}
