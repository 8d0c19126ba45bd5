package io.caskade.spring.boot.metrics;

import io.caskade.CacheStats;
import io.caskade.metrics.CacheEventType;
import io.caskade.micrometer.CacheMetrics;
import io.caskade.spring.CaskadeSpringCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;

/**
 * Spring's standard {@code cache.*} meters (gets by hit/miss, puts, evictions) for a Caskade
 * cache, plus Caskade's own {@code caskade.*} meters ({@link CacheMetrics}).
 *
 * <p>{@code cache.puts} counts loads (what a cache "put" is for a read-through cache);
 * {@code cache.evictions} counts invalidations; the size is not reported.
 */
public final class CaskadeCacheMeterBinder extends CacheMeterBinder<CaskadeSpringCache> {

  private final CaskadeSpringCache cache;
  private final Iterable<Tag> tags;

  public CaskadeCacheMeterBinder(CaskadeSpringCache cache, Iterable<Tag> tags) {
    super(cache, cache.getName(), tags);
    this.cache = cache;
    this.tags = tags;
  }

  private CacheStats stats() {
    return cache.getNativeCache().stats();
  }

  @Override
  protected Long size() {
    return null;
  }

  @Override
  protected long hitCount() {
    CacheStats s = stats();
    return s.l1Hits() + s.l2Hits();
  }

  @Override
  protected Long missCount() {
    return stats().misses();
  }

  @Override
  protected Long evictionCount() {
    return stats().count(CacheEventType.INVALIDATION);
  }

  @Override
  protected long putCount() {
    return stats().loads();
  }

  @Override
  protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
    new CacheMetrics(cache.getNativeCache(), tags).bindTo(registry);
  }
}
