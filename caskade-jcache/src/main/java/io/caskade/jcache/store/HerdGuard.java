package io.caskade.jcache.store;

import io.caskade.tier.Lease;
import io.caskade.tier.Leases;
import io.caskade.tier.TierException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Collapses a herd of misses on one key for callers that load the value themselves and then put
 * it — Hibernate's region access: {@code get} misses, the session queries the database, then
 * puts. The first caller to miss a key (in this JVM, and fleet-wide through the L2 tier's
 * leases) gets {@code null} and loads; the others wait up to {@code wait} for its put and read
 * that instead. A first caller that never puts (no row, a refused put) costs the others at most
 * {@code wait}, after which they load themselves. Opt-in: JSR-107's {@code get} does not wait.
 */
public final class HerdGuard {

  private final Leases<Object, Stored> shared;
  private final long waitNanos;
  private final ConcurrentHashMap<Object, Holder> holders = new ConcurrentHashMap<>();

  private record Holder(Thread thread, long deadline) {}

  /** @param shared the L2 tier's leases (fleet-wide), or null for this JVM only */
  public HerdGuard(Leases<Object, Stored> shared, Duration wait) {
    this.shared = shared;
    this.waitNanos = wait.toNanos();
  }

  /**
   * After a miss on {@code key}: null when the caller should load and put (it is the first, or
   * waited {@code wait} in vain), else the entry the first caller stored meanwhile, read with
   * {@code reread} (which returns null while there is no live entry).
   */
  public Stored onMiss(Object key, Supplier<Stored> reread) {
    long now = System.nanoTime();
    Thread me = Thread.currentThread();
    Holder h = holders.get(key);
    if (h != null && h.deadline - now > 0) {
      return h.thread == me ? null : await(reread, h.deadline);
    }
    Holder mine = new Holder(me, now + waitNanos);
    boolean first = h == null ? holders.putIfAbsent(key, mine) == null : holders.replace(key, h, mine);
    if (!first) {
      Holder other = holders.get(key);
      return other == null ? null : await(reread, other.deadline);
    }
    Lease lease = shared == null ? null : acquireFleetWide(key);
    if (lease != null && !lease.isGranted()) {
      holders.remove(key, mine);
      return await(reread, mine.deadline);
    }
    // first: but the previous first caller may have put between our miss and now
    Stored filled = reread.get();
    if (filled != null) {
      holders.remove(key, mine);
      releaseQuietly(key, lease);
    }
    return filled;
  }

  /** The fleet-wide lease, or null when the tier cannot be asked (then this JVM decides). */
  private Lease acquireFleetWide(Object key) {
    try {
      return shared.acquire(key);
    } catch (TierException | IllegalStateException e) {
      return null;
    }
  }

  private void releaseQuietly(Object key, Lease lease) {
    if (lease == null) {
      return;
    }
    try {
      shared.release(key, lease);
    } catch (TierException | IllegalStateException e) {
      // the lease expires on its own
    }
  }

  /** {@code key} was stored or removed: whoever waits for it reads it now. */
  public void filled(Object key) {
    holders.remove(key);
  }

  public void clear() {
    holders.clear();
  }

  private static Stored await(Supplier<Stored> reread, long deadline) {
    long pause = TimeUnit.MILLISECONDS.toNanos(1);
    while (true) {
      Stored s = reread.get();
      if (s != null) {
        return s;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      LockSupport.parkNanos(Math.min(pause, left));
      pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
