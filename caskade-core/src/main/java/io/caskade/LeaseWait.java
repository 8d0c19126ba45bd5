package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.tier.Lease;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits, polling L2 with bounded backoff, while another instance holds a key's lease: ends with
 * its fill, or with the lease itself when the holder's is gone (voided by an invalidation, released
 * after a failed load, or expired), or with neither after {@code leaseWait} or when L2 fails.
 */
final class LeaseWait<K, V> {

  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** What a wait ended with: another instance's fill, our own lease, or neither. */
  record Awaited<V>(Entry<V> filled, Lease lease) {}

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
      LockSupport.parkNanos(Math.min(pause, Math.max(0, deadline - System.nanoTime())));
      Entry<V> e = ctx.l2.get(key);
      if (e != null && e.isFresh(ctx.clock.nanos()) && ctx.tagsCurrent(e)) {
        return new Awaited<>(e, null);
      }
      if (!ctx.l2.isHealthy()) {
        return new Awaited<>(null, null);
      }
      Lease lease = ctx.l2.acquire(key);
      if (lease != null && lease.isGranted()) {
        return new Awaited<>(null, lease);
      }
      pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
    }
    return new Awaited<>(null, null);
  }
}
