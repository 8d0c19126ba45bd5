package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.flight.SingleFlight;
import io.caskade.metrics.CacheEventType;
import java.util.Map;
import java.util.Optional;

/**
 * The per-key read path: L1 → L2 → (own pending write) → bloom guard → single-flight → the load
 * step ({@link Loads}: lease, source, fill), with stale-if-error when the load fails. Every fill
 * of L1 from a lower tier is guarded by the key's invalidation stamp taken before that tier was
 * read, so a fill never undoes an invalidation heard meanwhile.
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
    long stamp = ctx.l1.stamp(key); // before the L2 read: an invalidation after it voids the fill
    e = ctx.l2.get(key);
    if (e != null && e.isServableStale(now) && ctx.tagsCurrent(e)) {
      ctx.l1.putIfUnchanged(key, e, stamp);
      return e;
    }
    return null;
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
    long stamp = ctx.l1.stamp(key);
    e = ctx.l2.get(key);
    if (e != null && ctx.tagsCurrent(e)) {
      if (e.isServableStale(now)) {
        ctx.l1.putIfUnchanged(key, e, stamp);
      }
      if (serve(key, e, now, loader, CacheEventType.L2_HIT)) {
        return e;
      }
      stale = CacheContext.newer(stale, e);
    }
    return load(key, loader, stale);
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
