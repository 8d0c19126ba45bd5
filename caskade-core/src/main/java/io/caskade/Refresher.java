package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.flight.SingleFlight;
import io.caskade.metrics.CacheEventType;
import io.caskade.source.SourceRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background refreshes (early refresh, refresh-ahead, stale-while-revalidate): at most one per key
 * per instance (single-flight), on the cache's bounded {@link RefreshRunner}; a failure keeps the
 * current entry.
 */
final class Refresher<K, V> {

  private static final Logger log = LoggerFactory.getLogger(Refresher.class);

  private final CacheContext<K, V> ctx;
  private final Loads<K, V> loads;
  private final RefreshRunner runner;

  Refresher(CacheContext<K, V> ctx, Loads<K, V> loads, RefreshRunner runner) {
    this.ctx = ctx;
    this.loads = loads;
    this.runner = runner;
  }

  /** Starts a refresh of {@code key}, whose {@code current} entry was just served. */
  void refresh(K key, CacheLoader<? super K, ? extends V> loader, Entry<V> current) {
    SingleFlight.Call<Entry<V>> call = ctx.flights.join(key);
    if (!call.isLeader()) {
      return;
    }
    // We saw `current` before joining; a refresh that finished in between already replaced it.
    Entry<V> latest = ctx.l1.get(key);
    if (latest != null && latest != current && latest.loadedAt() >= current.loadedAt()) {
      ctx.flights.finish(key, call, latest, null);
      return;
    }
    ctx.events.record(CacheEventType.REFRESH_STARTED, key);
    boolean submitted = runner.submit(key, () -> {
      loads.lead(key, loader, call, current, true);
      call.future().whenComplete((e, failure) -> {
        if (failure != null) {
          ctx.events.record(CacheEventType.REFRESH_FAILURE, key);
          log.debug("cache '{}': refresh of {} failed, keeping the current entry", ctx.name, key,
              failure);
        } else {
          ctx.events.record(CacheEventType.REFRESH_SUCCESS, key);
        }
      });
    });
    if (!submitted) {
      ctx.flights.finish(key, call, null, new SourceRejectedException(ctx.source.name(),
          SourceRejectedException.Reason.EXECUTOR_FULL, null));
    }
  }

  void close() {
    runner.close();
  }
}
