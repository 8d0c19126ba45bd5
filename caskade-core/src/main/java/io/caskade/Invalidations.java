package io.caskade;

import io.caskade.metrics.CacheEventType;
import io.caskade.tier.RemoteInvalidationListener;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invalidation in every tier: delete from L2 (which voids leases and tells other instances), then
 * evict from L1 whatever L2 did; and the other direction, what other instances invalidated
 * ({@link #remote()}). An invalidation that cannot reach L2 is never thrown (the source already
 * changed): it is counted as {@link CacheEventType#INVALIDATION_DEFERRED} and logged at WARN.
 */
final class Invalidations<K, V> {

  private static final Logger log = LoggerFactory.getLogger(Invalidations.class);
  private static final long DEFERRED_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final CacheContext<K, V> ctx;
  private final AtomicLong lastDeferredLog =
      new AtomicLong(System.nanoTime() - DEFERRED_LOG_INTERVAL_NANOS);
  private final AtomicLong deferredSinceLog = new AtomicLong();

  Invalidations(CacheContext<K, V> ctx) {
    this.ctx = ctx;
  }

  /** Deletes {@code key} from every tier; this instance never serves the old value again. */
  void key(K key) {
    ctx.flights.forget(key);
    boolean reached = ctx.l2.invalidate(key);
    ctx.l1.invalidate(key);
    ctx.l2Reads.forget(key); // after L2's delete: a read joined from now on started after it
    ctx.events.record(CacheEventType.INVALIDATION, key);
    if (!reached) {
      deferred(key);
    }
  }

  void keys(List<K> keys) {
    keys.forEach(ctx.flights::forget);
    boolean reached = ctx.l2.invalidateAll(keys);
    keys.forEach(ctx.l1::invalidate);
    keys.forEach(ctx.l2Reads::forget);
    ctx.events.record(CacheEventType.INVALIDATION, null);
    if (!reached) {
      deferred(keys.size() + " keys");
    }
  }

  void all() {
    ctx.fillEpoch.incrementAndGet();
    ctx.flights.forgetAll();
    boolean reached = ctx.l2.invalidateAll();
    ctx.l1.invalidateAll();
    ctx.l2Reads.forgetAll();
    ctx.events.record(CacheEventType.INVALIDATION, null);
    if (!reached) {
      deferred("all entries");
    }
  }

  void tag(String tag) {
    ctx.fillEpoch.incrementAndGet();
    ctx.flights.forgetAll();
    ctx.tagVersions.bump(tag);
    ctx.l2Reads.forgetAll();
    ctx.events.record(CacheEventType.INVALIDATION, tag);
  }

  /**
   * An invalidation that could not reach L2: counted and logged at WARN, at most one line per 10 s
   * with the count since the last one.
   */
  void deferred(Object what) {
    ctx.events.record(CacheEventType.INVALIDATION_DEFERRED, what);
    long now = System.nanoTime();
    long last = lastDeferredLog.get();
    long count = deferredSinceLog.incrementAndGet();
    if (now - last >= DEFERRED_LOG_INTERVAL_NANOS && lastDeferredLog.compareAndSet(last, now)) {
      deferredSinceLog.addAndGet(-count);
      log.warn("cache '{}': {} invalidation(s) could not reach L2 {} (latest: {}); this "
          + "instance's L1 dropped them at once, L2 and other instances catch up when the tier "
          + "replays them (counted as INVALIDATION_DEFERRED)", ctx.name, count,
          ctx.l2.tier().name(), what);
    }
  }

  /** The listener the L2 tier calls with what other instances invalidated. */
  RemoteInvalidationListener<K> remote() {
    return new Remote();
  }

  /** Applies what other instances invalidated to this instance's L1, without echoing it. */
  private final class Remote implements RemoteInvalidationListener<K> {
    @Override
    public void onKeys(Collection<? extends K> keys) {
      for (K key : keys) {
        ctx.flights.forget(key);
        ctx.l1.invalidate(key);
        ctx.l2Reads.forget(key);
      }
      ctx.events.record(CacheEventType.INVALIDATION, null);
    }

    @Override
    public void onTag(String tag) {
      ctx.fillEpoch.incrementAndGet();
      ctx.flights.forgetAll();
      ctx.l2Reads.forgetAll();
      ctx.events.record(CacheEventType.INVALIDATION, tag);
    }

    @Override
    public void onAll() {
      ctx.fillEpoch.incrementAndGet();
      ctx.flights.forgetAll();
      ctx.l1.trust(); // and clears L1
      ctx.l2Reads.forgetAll();
      ctx.events.record(CacheEventType.INVALIDATION, null);
    }

    @Override
    public void onKeysLost(java.util.function.Predicate<? super K> affected) {
      ctx.fillEpoch.incrementAndGet();
      ctx.flights.forgetAll();
      ctx.l1.invalidateIf(affected);
      ctx.l2Reads.forgetAll();
      ctx.events.record(CacheEventType.INVALIDATION, null);
    }

    @Override
    public void onBusDown() {
      ctx.fillEpoch.incrementAndGet();
      ctx.flights.forgetAll();
      ctx.l1.distrust(ctx.l1LifetimeWhileBusDown);
      ctx.l2Reads.forgetAll();
      ctx.events.record(CacheEventType.INVALIDATION, null);
    }
  }
}
