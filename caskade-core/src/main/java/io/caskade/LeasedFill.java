package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.metrics.CacheEventType;
import io.caskade.tier.Lease;

/**
 * The fill under a fleet-wide lease. L2 judges the shared copy: it accepts the fill only while the
 * lease still holds, and every invalidation voids the lease, so a load that read the source before
 * a write can never put the old row back after the write's delete. L1 is judged by what this
 * instance heard: any invalidation of the key since the load began keeps the entry out of L1,
 * because it may be for a write that came after the fill (the next read then takes the shared
 * copy, which that write's delete removed if it was newer). Without a granted lease (the holder was
 * slow or gone, or L2 unreachable) only L1 keeps what was loaded.
 */
final class LeasedFill<K, V> implements Fill<K, V> {

  private final CacheContext<K, V> ctx;

  LeasedFill(CacheContext<K, V> ctx) {
    this.ctx = ctx;
  }

  @Override
  public void store(Entry<V> entry, Lease lease, FillTicket<K, V> ticket) {
    K key = ticket.key();
    boolean leased = lease != null && lease.isGranted();
    if (ticket.epochMoved(ctx)) {
      ctx.events.record(CacheEventType.FILL_REJECTED, key);
      if (leased) {
        ctx.l2.release(key, lease);
      }
      return;
    }
    if (leased) {
      switch (ctx.l2.fill(key, entry, lease)) {
        case VOIDED -> {
          ctx.events.record(CacheEventType.FILL_REJECTED, key);
          return;
        }
        case STORED -> {
          ticket.putInL1(ctx, entry);
          return;
        }
        default -> { } // L2 unreachable: judge by what this instance heard, below
      }
    }
    if (ticket.keyInvalidated(ctx)) {
      ctx.events.record(CacheEventType.FILL_REJECTED, key);
      return;
    }
    ticket.putInL1(ctx, entry);
  }
}
