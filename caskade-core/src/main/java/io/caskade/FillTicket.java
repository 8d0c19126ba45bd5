package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.flight.SingleFlight;

/**
 * What a load remembers from before it read anything, so that whatever it stores afterwards can
 * tell whether an invalidation came in between: the cache-wide fill epoch, L1's invalidation stamp
 * of the key, and the single-flight call (which a key invalidation marks forgotten).
 */
record FillTicket<K, V>(K key, SingleFlight.Call<Entry<V>> call, long epoch, long stamp) {

  /** Takes the ticket: call it before the first read of a lower tier or the source. */
  static <K, V> FillTicket<K, V> take(CacheContext<K, V> ctx, K key,
      SingleFlight.Call<Entry<V>> call) {
    return new FillTicket<>(key, call, ctx.fillEpoch.get(), ctx.l1.stamp(key));
  }

  /** A cache-wide or tag invalidation came after the ticket. */
  boolean epochMoved(CacheContext<K, V> ctx) {
    return ctx.fillEpoch.get() != epoch;
  }

  /** An invalidation of this key came after the ticket. */
  boolean keyInvalidated(CacheContext<K, V> ctx) {
    return call.isForgotten() || ctx.l1.stamp(key) != stamp;
  }

  /** Stores {@code e} in L1 unless any invalidation came after the ticket (atomically checked). */
  void putInL1(CacheContext<K, V> ctx, Entry<V> e) {
    ctx.l1.putIfUnchanged(key, e, stamp,
        () -> call.isForgotten() || ctx.fillEpoch.get() != epoch);
  }
}
