package io.caskade.micrometer;

import io.caskade.Cache;
import io.caskade.metrics.CacheEventType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Binds a cache's counters to Micrometer (an optional dependency: only needed when this class is
 * used). Meters, each tagged {@code cache=<name>}:
 *
 * <table>
 *   <caption>meters</caption>
 *   <tr><td>{@code caskade.gets}</td><td>{@code result}: l1_hit, l2_hit, miss</td></tr>
 *   <tr><td>{@code caskade.loads}</td><td>timer; {@code outcome}: success, not_found, failure</td></tr>
 *   <tr><td>{@code caskade.coalesced}</td><td>callers that joined a running load</td></tr>
 *   <tr><td>{@code caskade.stale.served}</td><td>{@code window}: swr, sie</td></tr>
 *   <tr><td>{@code caskade.penetration.blocked}</td><td>{@code by}: bloom, negative</td></tr>
 *   <tr><td>{@code caskade.refreshes}</td><td>{@code outcome}: started, success, failure, rejected</td></tr>
 *   <tr><td>{@code caskade.lease.unavailable}</td><td>loads that went ahead without the
 *       fleet-wide lease (lease call failed, or no fill and no lease within leaseWait)</td></tr>
 *   <tr><td>{@code caskade.l2.errors}, {@code caskade.lease.waits},
 *       {@code caskade.fills.rejected}, {@code caskade.invalidations}</td><td></td></tr>
 * </table>
 *
 * <pre>{@code new CacheMetrics(cache).bindTo(registry);}</pre>
 */
public final class CacheMetrics implements MeterBinder {

  private final Cache<?, ?> cache;
  private final Tags tags;

  public CacheMetrics(Cache<?, ?> cache) {
    this(cache, Tags.empty());
  }

  public CacheMetrics(Cache<?, ?> cache, Iterable<io.micrometer.core.instrument.Tag> extraTags) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.tags = Tags.of("cache", cache.name()).and(extraTags);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "caskade.gets", "result", "l1_hit", CacheEventType.L1_HIT);
    counter(registry, "caskade.gets", "result", "l2_hit", CacheEventType.L2_HIT);
    counter(registry, "caskade.gets", "result", "miss", CacheEventType.MISS);
    loadTimer(registry, "success", CacheEventType.LOAD_SUCCESS);
    loadTimer(registry, "not_found", CacheEventType.LOAD_NOT_FOUND);
    loadTimer(registry, "failure", CacheEventType.LOAD_FAILURE);
    counter(registry, "caskade.coalesced", null, null, CacheEventType.COALESCED);
    counter(registry, "caskade.stale.served", "window", "swr", CacheEventType.STALE_SERVED_SWR);
    counter(registry, "caskade.stale.served", "window", "sie", CacheEventType.STALE_SERVED_SIE);
    counter(registry, "caskade.penetration.blocked", "by", "bloom", CacheEventType.BLOOM_BLOCKED);
    counter(registry, "caskade.penetration.blocked", "by", "negative", CacheEventType.NEGATIVE_HIT);
    counter(registry, "caskade.refreshes", "outcome", "started", CacheEventType.REFRESH_STARTED);
    counter(registry, "caskade.refreshes", "outcome", "success", CacheEventType.REFRESH_SUCCESS);
    counter(registry, "caskade.refreshes", "outcome", "failure", CacheEventType.REFRESH_FAILURE);
    counter(registry, "caskade.refreshes", "outcome", "rejected", CacheEventType.REFRESH_REJECTED);
    counter(registry, "caskade.l2.errors", null, null, CacheEventType.L2_ERROR);
    counter(registry, "caskade.l2.rejected", null, null, CacheEventType.L2_REJECTED);
    counter(registry, "caskade.lease.waits", null, null, CacheEventType.LEASE_WAIT);
    counter(registry, "caskade.lease.unavailable", null, null, CacheEventType.LEASE_UNAVAILABLE);
    counter(registry, "caskade.fills.rejected", null, null, CacheEventType.FILL_REJECTED);
    counter(registry, "caskade.invalidations", null, null, CacheEventType.INVALIDATION);
    counter(registry, "caskade.invalidations.deferred", null, null,
        CacheEventType.INVALIDATION_DEFERRED);
  }

  private void counter(MeterRegistry registry, String name, String tagKey, String tagValue,
      CacheEventType type) {
    Tags t = tagKey == null ? tags : tags.and(tagKey, tagValue);
    FunctionCounter.builder(name, cache, c -> c.stats().count(type))
        .tags(t)
        .register(registry);
  }

  private void loadTimer(MeterRegistry registry, String outcome, CacheEventType type) {
    FunctionTimer.builder("caskade.loads", cache,
            c -> c.stats().count(type),
            c -> c.stats().loadNanos(type),
            TimeUnit.NANOSECONDS)
        .tags(tags.and("outcome", outcome))
        .register(registry);
  }
}
