package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.tier.Lease;

/**
 * The fill step: stores a loaded entry in the tiers unless the key was invalidated since its
 * load began. {@link LocalFill} without fleet-wide leases, {@link LeasedFill} with them.
 */
interface Fill<K, V> {

  /** The fill step for {@code ctx}'s tiers. */
  static <K, V> Fill<K, V> of(CacheContext<K, V> ctx) {
    return ctx.leases ? new LeasedFill<>(ctx) : new LocalFill<>(ctx);
  }

  /**
   * Stores {@code entry}, loaded after {@code ticket} was taken.
   *
   * @param lease the lease the load held, or null (ignored without leases)
   */
  void store(Entry<V> entry, Lease lease, FillTicket<K, V> ticket);
}
