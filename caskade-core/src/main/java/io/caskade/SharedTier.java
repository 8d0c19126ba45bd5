package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.metrics.CacheEventType;
import io.caskade.tier.CallBudget;
import io.caskade.tier.Claim;
import io.caskade.tier.Lease;
import io.caskade.tier.Leases;
import io.caskade.tier.Tier;
import io.caskade.tier.TierRejectedException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read path's view of the L2 tier: every call that fails is counted
 * ({@link CacheEventType#L2_ERROR}), logged at debug and answered as a miss, so a failing tier
 * never fails a read. Remembers whether the last call worked, so waits on L2 stop early while it
 * is down. A value the tier refuses ({@link TierRejectedException}: too large, not encodable) is
 * no outage: it is counted as {@link CacheEventType#L2_REJECTED} and the tier stays healthy.
 * {@link #budget()} opens the per-call {@link CallBudget} a tier uses to bound a call's total wait.
 */
final class SharedTier<K, V> {

  private static final Logger log = LoggerFactory.getLogger(SharedTier.class);

  private final String cache;
  private final Tier<K, V> tier;
  private final Leases<K, V> leases;
  private final EventRecorder events;
  private final AtomicBoolean rejectionLogged = new AtomicBoolean();
  private volatile boolean healthy = true;

  /** The view of no L2 at all ({@link NoTier}): every read misses, nothing has leases. */
  static <K, V> SharedTier<K, V> none(String cache, EventRecorder events) {
    return new SharedTier<>(cache, new NoTier<>(), events);
  }

  SharedTier(String cache, Tier<K, V> tier, EventRecorder events) {
    this.cache = cache;
    this.tier = tier;
    this.leases = tier.leases();
    this.events = events;
  }

  Tier<K, V> tier() {
    return tier;
  }

  /** False for {@link #none}. */
  boolean isPresent() {
    return !(tier instanceof NoTier);
  }

  /** Whether the tier offers fleet-wide leases. */
  boolean hasLeases() {
    return leases != null;
  }

  /**
   * Opens the budget of one cache call: every L2 round trip the call makes on this thread until the
   * scope closes counts against one limit (the tier's), so no call waits on L2 longer in total.
   */
  static CallBudget.Scope budget() {
    return CallBudget.open();
  }

  /**
   * Marks the L2 round trips until the scope closes as polls of a lease wait: those L2 answers do
   * not count against the call's budget (the wait has its own bound), those that fail do.
   */
  static CallBudget.Scope leaseWait() {
    return CallBudget.polling();
  }

  /** Whether the last call succeeded. */
  boolean isHealthy() {
    return healthy;
  }

  Entry<V> get(K key) {
    try {
      Entry<V> e = tier.get(key);
      healthy = true;
      return e;
    } catch (RuntimeException e) {
      failed("get", e);
      return null;
    }
  }

  Map<K, Entry<V>> getAll(List<K> keys) {
    try {
      Map<K, Entry<V>> found = tier.getAll(keys);
      healthy = true;
      return found;
    } catch (RuntimeException e) {
      failed("getAll", e);
      return Map.of();
    }
  }

  void put(K key, Entry<V> entry) {
    try {
      tier.put(key, entry);
      healthy = true;
    } catch (RuntimeException e) {
      failed("put", e);
    }
  }

  /**
   * Replaces what the tier holds for {@code key} with {@code entry} and tells other instances.
   *
   * @return false when the tier could not be reached (it may have queued an invalidation)
   */
  boolean replace(K key, Entry<V> entry) {
    try {
      tier.replace(key, entry);
      healthy = true;
      return true;
    } catch (RuntimeException e) {
      failed("replace", e);
      return e instanceof TierRejectedException; // refused values were invalidated, not lost
    }
  }

  /**
   * Invalidates {@code key} in the tier.
   *
   * @return false when the tier could not be reached (it may have queued the invalidation)
   */
  boolean invalidate(K key) {
    try {
      tier.invalidate(key);
      healthy = true;
      return true;
    } catch (RuntimeException e) {
      failed("invalidate", e);
      return false;
    }
  }

  boolean invalidateAll(Collection<K> keys) {
    try {
      tier.invalidateAll(keys);
      healthy = true;
      return true;
    } catch (RuntimeException e) {
      failed("invalidateAll(keys)", e);
      return false;
    }
  }

  boolean invalidateAll() {
    try {
      tier.invalidateAll();
      healthy = true;
      return true;
    } catch (RuntimeException e) {
      failed("invalidateAll", e);
      return false;
    }
  }

  /** The lease on {@code key}, or null when the tier could not be asked. */
  Lease acquire(K key) {
    try {
      Lease lease = leases.acquire(key);
      healthy = true;
      return lease;
    } catch (RuntimeException e) {
      failed("lease", e);
      return null;
    }
  }

  /**
   * The entry L2 holds for {@code key}, or else the answer to a lease request
   * ({@link Tier#claim}: one round trip where the tier can); null when the tier could not be
   * asked.
   */
  Claim<V> claim(K key) {
    try {
      Claim<V> claim = tier.claim(key);
      healthy = true;
      return claim;
    } catch (RuntimeException e) {
      failed("lease", e);
      return null;
    }
  }

  /**
   * Waits at most {@code maxNanos} for a change of {@code key}'s lease
   * ({@link Leases#awaitChange}). A tier that fails to wait is left for the caller's next poll.
   *
   * @return false when the thread was interrupted (the wait should end)
   */
  boolean awaitChange(K key, long maxNanos) {
    try {
      leases.awaitChange(key, maxNanos);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (RuntimeException e) {
      log.debug("cache '{}': L2 lease wait failed, polling instead: {}", cache, e.toString());
      LockSupport.parkNanos(maxNanos);
      return !Thread.currentThread().isInterrupted();
    }
  }

  /** What became of a leased fill. */
  enum Fill {
    /** Stored: the lease held from before the load until now. */
    STORED,
    /** Refused: the lease was voided (the key was invalidated) or taken over. */
    VOIDED,
    /** The tier could not be asked. */
    UNREACHABLE
  }

  /** Fills under {@code lease}. */
  Fill fill(K key, Entry<V> entry, Lease lease) {
    try {
      boolean stored = leases.fill(key, entry, lease);
      healthy = true;
      return stored ? Fill.STORED : Fill.VOIDED;
    } catch (RuntimeException e) {
      failed("fill", e);
      return Fill.UNREACHABLE;
    }
  }

  void release(K key, Lease lease) {
    try {
      leases.release(key, lease);
    } catch (RuntimeException e) {
      failed("release", e);
    }
  }

  private void failed(String op, RuntimeException e) {
    if (e instanceof TierRejectedException) {
      events.record(CacheEventType.L2_REJECTED, null);
      if (rejectionLogged.compareAndSet(false, true)) {
        log.warn("cache '{}': L2 refused a value ({}); it is kept in L1 only. Further refusals "
            + "are counted (L2_REJECTED) and logged at debug.", cache, e.getMessage());
      } else {
        log.debug("cache '{}': L2 {} refused: {}", cache, op, e.getMessage());
      }
      return;
    }
    healthy = false;
    events.record(CacheEventType.L2_ERROR, null);
    log.debug("cache '{}': L2 {} failed, treated as a miss: {}", cache, op, e.toString());
  }
}
