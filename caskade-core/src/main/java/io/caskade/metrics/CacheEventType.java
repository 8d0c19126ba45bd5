package io.caskade.metrics;

/** Everything a cache reports to its {@link CacheEventListener}s and counts in its stats. */
public enum CacheEventType {
  /** A usable entry was found in L1. */
  L1_HIT,
  /** L1 missed and a usable entry was found in L2. */
  L2_HIT,
  /** Nothing usable in any tier: a load follows. */
  MISS,
  /** The hit was a cached "not found" (negative caching spared the source). */
  NEGATIVE_HIT,
  /** The bloom guard ruled the key out: "not found" without a loader call. */
  BLOOM_BLOCKED,
  /** A caller joined a load already running for its key instead of starting another. */
  COALESCED,
  /** A stale entry was served inside stale-while-revalidate while a refresh runs. */
  STALE_SERVED_SWR,
  /** A stale entry was served inside stale-if-error because the load failed. */
  STALE_SERVED_SIE,
  /** The loader returned a value. */
  LOAD_SUCCESS,
  /** The loader answered "not found". */
  LOAD_NOT_FOUND,
  /** The loader threw, timed out or was rejected by source protection. */
  LOAD_FAILURE,
  /** A background refresh was started (XFetch, refresh-ahead or stale-while-revalidate). */
  REFRESH_STARTED,
  /** A background refresh replaced the entry. */
  REFRESH_SUCCESS,
  /** A background refresh failed; the old entry was kept. */
  REFRESH_FAILURE,
  /** The refresh executor was full: a refresh was not started (counted, logged). */
  REFRESH_REJECTED,
  /**
   * An L2 call failed (timeout, connection, circuit open, refusal, or not sent because the read
   * had already waited the tier's whole time limit) and was treated as a miss.
   */
  L2_ERROR,
  /**
   * L2 refused a value (over its size limit, or the codec could not encode it): the value stays in
   * L1 only. Not an L2 outage: the tier stays healthy.
   */
  L2_REJECTED,
  /** Another instance waited on this key's fleet-wide lease. */
  LEASE_WAIT,
  /**
   * A load went ahead without the fleet-wide lease it should have held: the lease call failed or
   * timed out, or the wait for another instance's fill ended with neither the fill nor the lease
   * (within {@code leaseWait}). One more load of the key across the fleet; logged at WARN (at
   * most every 10 s).
   */
  LEASE_UNAVAILABLE,
  /** A fill was refused because the key was invalidated while it loaded. */
  FILL_REJECTED,
  /** An invalidation (key, keys, tag, namespace) was applied to this instance. */
  INVALIDATION,
  /**
   * An invalidation could not reach L2 (timeout, connection, circuit open): this instance's L1
   * was cleared of the key at once, the tier queued the delete for replay, and until then other
   * instances may serve the old value (at most until their {@code l1MaxLifetime}). Logged at WARN.
   */
  INVALIDATION_DEFERRED
}
