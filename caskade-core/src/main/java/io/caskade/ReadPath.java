package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.flight.SingleFlight;
import io.caskade.metrics.CacheEventType;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The per-key read path: L1 → L2 (one read per key at a time) → (own pending write) → bloom
 * guard → single-flight → the load step ({@link Loads}: lease, source, fill), with stale-if-error
 * when the load fails. Every fill of L1 from a lower tier is guarded by the key's invalidation
 * stamp taken before that tier was read, so a fill never undoes an invalidation heard meanwhile.
 */
final class ReadPath<K, V> {

  private final CacheContext<K, V> ctx;
  private final Loads<K, V> loads;
  private final Refresher<K, V> refresher;
  /** L1 on and no early refresh: a fresh untagged L1 hit needs nothing but a lookup. */
  private final boolean plainHits;

  ReadPath(CacheContext<K, V> ctx, Loads<K, V> loads, Refresher<K, V> refresher) {
    this.ctx = ctx;
    this.loads = loads;
    this.refresher = refresher;
    this.plainHits = ctx.l1.isEnabled() && ctx.refreshPolicy.isOff();
  }

  V get(K key, CacheLoader<? super K, ? extends V> loader) {
    if (plainHits) {
      // The hit path: one Caffeine lookup, one clock read, no allocation.
      long now = ctx.clock.nanos();
      Entry<V> e = ctx.l1.get(key, now);
      if (e != null && e.isFresh(now) && e.tagVersions().isEmpty()) {
        V value = e.value();
        ctx.events.record(CacheEventType.L1_HIT, key);
        if (value == null) {
          ctx.events.record(CacheEventType.NEGATIVE_HIT, key);
        }
        return value;
      }
    }
    try (var budget = SharedTier.budget()) { // one limit on the call's L2 waits, all round trips
      return entryFor(key, loader).value();
    }
  }

  /** A servable (fresh or inside stale-while-revalidate) entry from any tier, without loading. */
  Entry<V> peek(K key) {
    long now = ctx.clock.nanos();
    Entry<V> e = ctx.l1.get(key);
    if (e != null && e.isServableStale(now) && ctx.tagsCurrent(e)) {
      return e;
    }
    e = shared(key, now);
    return e != null && e.isServableStale(now) && ctx.tagsCurrent(e) ? e : null;
  }

  Entry<V> entryFor(K key, CacheLoader<? super K, ? extends V> loader) {
    long now = ctx.clock.nanos();
    Entry<V> stale = null;
    Entry<V> e = ctx.l1.get(key, now);
    if (e != null && ctx.tagsCurrent(e)) {
      if (serve(key, e, now, loader, CacheEventType.L1_HIT)) {
        return e;
      }
      stale = e;
    } else if (e == null) {
      Entry<V> suspect = ctx.l1.suspect(key, now); // kept from before the bus went down
      stale = suspect != null && ctx.tagsCurrent(suspect) ? suspect : null;
    }
    e = shared(key, now);
    if (e != null && ctx.tagsCurrent(e)) {
      if (serve(key, e, now, loader, CacheEventType.L2_HIT)) {
        return e;
      }
      stale = CacheContext.newer(stale, e);
    }
    return load(key, loader, stale);
  }

  /**
   * What L2 holds for {@code key}, read once per instance at a time: a caller that misses L1 while
   * another caller's read of the key is under way takes that read's answer, so a herd on one key
   * costs this instance one L2 round trip, not one per caller. The reader puts a servable answer
   * in L1 under the stamp it took before reading (an invalidation meanwhile keeps it out). Writes
   * and invalidations forget the key's read once their own L2 effect is done, so no caller that
   * starts after them takes an answer read before them.
   */
  private Entry<V> shared(K key, long now) {
    if (!ctx.l2.isPresent()) {
      return null;
    }
    SingleFlight.Call<Entry<V>> call = ctx.l2Reads.join(key);
    if (!call.isLeader()) {
      return joined(call);
    }
    Entry<V> e = null;
    try {
      long stamp = ctx.l1.stamp(key); // before the L2 read: an invalidation after it voids the fill
      e = ctx.l2.get(key);
      if (e != null && ctx.tagsCurrent(e) && e.isServableStale(now)) {
        ctx.l1.putIfUnchanged(key, e, stamp);
      }
    } finally {
      ctx.l2Reads.finish(key, call, e, null);
    }
    return e;
  }

  /** The answer of another caller's L2 read; none (a miss) if it does not come in time. */
  private Entry<V> joined(SingleFlight.Call<Entry<V>> call) {
    try {
      return call.future().get(ctx.waiterBoundNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  /**
   * Serves {@code e} when it is fresh or inside stale-while-revalidate, starting a background
   * refresh where the policy says so; false when it is only good for stale-if-error.
   */
  boolean serve(K key, Entry<V> e, long now, CacheLoader<? super K, ? extends V> loader,
      CacheEventType hit) {
    if (e.isFresh(now)) {
      ctx.events.record(hit, key);
      if (e.isNotFound()) {
        ctx.events.record(CacheEventType.NEGATIVE_HIT, key);
      }
      if (!ctx.refreshPolicy.isOff() && ctx.refreshPolicy.shouldRefresh(e, now)) {
        refresher.refresh(key, loader, e);
      }
      return true;
    }
    if (e.isServableStale(now)) {
      ctx.events.record(hit, key);
      ctx.events.record(CacheEventType.STALE_SERVED_SWR, key);
      refresher.refresh(key, loader, e);
      return true;
    }
    return false;
  }

  /** Nothing servable in any tier: one load per key, stale-if-error on failure. */
  private Entry<V> load(K key, CacheLoader<? super K, ? extends V> loader, Entry<V> stale) {
    ctx.events.record(CacheEventType.MISS, key);
    Entry<V> mine = ownPendingWrite(key);
    if (mine != null) {
      return mine;
    }
    if (ctx.bloom != null && !ctx.bloom.mightContain(key)) {
      ctx.events.record(CacheEventType.BLOOM_BLOCKED, key);
      long now = ctx.clock.nanos();
      return Entry.of(null, now, now, now, now, 0, 0, Map.of());
    }
    SingleFlight.Call<Entry<V>> call = ctx.flights.join(key);
    if (call.isLeader()) {
      loads.lead(key, loader, call, stale, false);
    } else {
      ctx.events.record(CacheEventType.COALESCED, key);
    }
    try {
      return loads.await(call);
    } catch (Exception failure) {
      if (stale != null && stale.isServableOnError(ctx.clock.nanos())) {
        ctx.events.record(CacheEventType.STALE_SERVED_SIE, key);
        return stale;
      }
      throw new CacheLoadException(ctx.name, key, failure);
    }
  }

  /** Our own write that has not reached the source yet: the source would answer with the past. */
  private Entry<V> ownPendingWrite(K key) {
    if (ctx.writeBehind == null) {
      return null;
    }
    Optional<Optional<V>> pending = ctx.writeBehind.pending(key);
    if (pending.isEmpty()) {
      return null;
    }
    Entry<V> mine = ctx.entries.create(key, pending.get().orElse(null), ctx.clock.nanos(), 0);
    ctx.l1.put(key, mine);
    return mine;
  }
}
