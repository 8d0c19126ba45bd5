package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.metrics.CacheEventType;
import io.caskade.tier.Lease;

/**
 * The fill without leases: this instance is the only judge. Any invalidation it heard since the
 * load began voids the whole fill (L2 and L1). What it cannot see — a write on another instance
 * whose delete reached L2 before this fill — is the stale-set race that {@link LeasedFill} closes.
 */
final class LocalFill<K, V> implements Fill<K, V> {

  private final CacheContext<K, V> ctx;

  LocalFill(CacheContext<K, V> ctx) {
    this.ctx = ctx;
  }

  @Override
  public void store(Entry<V> entry, Lease lease, FillTicket<K, V> ticket) {
    if (ticket.epochMoved(ctx) || ticket.keyInvalidated(ctx)) {
      ctx.events.record(CacheEventType.FILL_REJECTED, ticket.key());
      return;
    }
    ctx.l2.put(ticket.key(), entry); // a no-op without an L2
    ticket.putInL1(ctx, entry);
  }
}
