package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.tier.Claim;
import io.caskade.tier.Lease;
import java.util.concurrent.TimeUnit;

/**
 * Waits while another instance holds a key's lease: ends with its fill, or with the lease itself
 * when the holder's is gone (voided by an invalidation, released after a failed load, or expired),
 * or with neither after {@code leaseWait}, when L2 fails or when the thread is interrupted. Between
 * its looks at L2 it waits for the tier's word that the lease changed
 * ({@link io.caskade.tier.Leases#awaitChange}: a holder's fill wakes it at once where the tier
 * hears of fills), at most a pause that grows 1, 2, 4, 8, 16, then 20 ms: the polling a tier
 * without notices relies on, and the ceiling a lost notice costs.
 */
final class LeaseWait<K, V> {

  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** Why a wait ended with neither a fill nor a lease. */
  enum GaveUp {
    /** No fill and no lease within {@code leaseWait}: the holder is slow, or L2 answers slowly. */
    TIMED_OUT,
    /** An L2 call failed. */
    L2_FAILED,
    /** The waiting thread was interrupted. */
    INTERRUPTED
  }

  /** What a wait ended with: another instance's fill, our own lease, or neither (and why). */
  record Awaited<V>(Entry<V> filled, Lease lease, GaveUp gaveUp) {}

  private final CacheContext<K, V> ctx;

  LeaseWait(CacheContext<K, V> ctx) {
    this.ctx = ctx;
  }

  Awaited<V> await(K key) {
    try (var polls = SharedTier.leaseWait()) { // bounded by leaseWait, not the call's L2 budget
      return poll(key);
    }
  }

  private Awaited<V> poll(K key) {
    long deadline = System.nanoTime() + ctx.leaseWaitNanos;
    long pause = FIRST_PAUSE_NANOS;
    while (System.nanoTime() < deadline) {
      if (!ctx.l2.awaitChange(key, Math.min(pause, Math.max(0, deadline - System.nanoTime())))) {
        return new Awaited<>(null, null, GaveUp.INTERRUPTED);
      }
      Claim<V> claim = ctx.l2.claim(key); // the fill, else the lease: one round trip
      if (claim == null) {
        return new Awaited<>(null, null, GaveUp.L2_FAILED);
      }
      Entry<V> e = claim.found();
      if (e != null && e.isFresh(ctx.clock.nanos()) && ctx.tagsCurrent(e)) {
        return new Awaited<>(e, null, null);
      }
      Lease lease = e == null ? claim.lease() : ctx.l2.acquire(key); // a copy we cannot serve
      if (lease != null && lease.isGranted()) {
        return new Awaited<>(null, lease, null);
      }
      pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
    }
    return new Awaited<>(null, null, GaveUp.TIMED_OUT);
  }
}
