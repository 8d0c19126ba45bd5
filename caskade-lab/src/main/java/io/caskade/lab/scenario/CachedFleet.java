package io.caskade.lab.scenario;

import io.caskade.Cache;
import io.caskade.CacheBuilder;
import io.caskade.CacheStats;
import io.caskade.Caskade;
import io.caskade.lab.load.Counters;
import io.caskade.lab.load.RequestHandler;
import io.caskade.lab.source.FragileDatabase;
import io.caskade.lab.source.User;
import io.caskade.lab.source.UserRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * N application instances, each with its own Caskade cache over the shared repository. Requests
 * are read-through ({@code cache.get}) or, for the naive baseline, hand-written cache-aside.
 */
final class CachedFleet implements Fleet {

  /** How an instance serves a request. */
  enum Access {
    /** {@code cache.get(key)}: every defence of the cache applies. */
    READ_THROUGH,
    /** {@link NaiveCacheAside}: getIfPresent, query, put. */
    NAIVE_CACHE_ASIDE
  }

  private final FragileDatabase database;
  private final UserRepository repository;
  private final List<Cache<Long, User>> caches = new ArrayList<>();
  private final List<ExpiryWaves> waves = new ArrayList<>();
  private final List<RequestHandler> handlers = new ArrayList<>();
  private final List<NaiveCacheAside> naive = new ArrayList<>();
  private final LongAdder cacheErrors = new LongAdder();

  CachedFleet(LabContext context, Access access, CacheRecipe recipe) {
    this(context, access, recipe, "users");
  }

  /**
   * A fleet whose caches are named {@code cacheName}: the name of the Redis tier the recipe gives
   * them, if any (a tier serves only the cache it was built for).
   */
  CachedFleet(LabContext context, Access access, CacheRecipe recipe, String cacheName) {
    this.database = context.database();
    this.repository = database.newRepository();
    int instances = context.settings().instances();
    try {
      for (int i = 0; i < instances; i++) {
        ExpiryWaves w = new ExpiryWaves(HerdScenario.TTL.dividedBy(2));
        CacheBuilder<Long, User> builder = Caskade.<Long, User>builder(cacheName)
            .loader(UserLoader.of(repository))
            .randomSeed(context.settings().seed() + i)
            .maximumSize(Math.max(10_000, context.settings().keys() * 2));
        if (access == Access.READ_THROUGH) {
          builder.listener(w);
        }
        Cache<Long, User> cache = recipe.configure(builder, repository, i).build();
        caches.add(cache);
        waves.add(w);
        if (access == Access.READ_THROUGH) {
          handlers.add(key -> readThrough(cache, key));
        } else {
          NaiveCacheAside n = new NaiveCacheAside(cache, repository, w);
          naive.add(n);
          handlers.add(n);
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void readThrough(Cache<Long, User> cache, long key) {
    try {
      cache.get(key);
    } catch (RuntimeException e) {
      if (CacheFailure.isCacheFault(e)) {
        cacheErrors.increment();
      }
      throw e;
    }
  }

  /** Requests that failed because of the cache itself (a tier), not because of the source. */
  long cacheErrors() {
    return cacheErrors.sum();
  }

  @Override
  public List<RequestHandler> instances() {
    return List.copyOf(handlers);
  }

  /** The instances' caches, in instance order. */
  List<Cache<Long, User>> caches() {
    return List.copyOf(caches);
  }

  @Override
  public Counters counters() {
    long l1 = 0;
    long l2 = 0;
    long stale = 0;
    for (Cache<Long, User> c : caches) {
      CacheStats s = c.stats();
      l1 += s.l1Hits();
      l2 += s.l2Hits();
      stale += s.staleServed();
    }
    for (NaiveCacheAside n : naive) {
      l1 += n.hits();
    }
    return new Counters(repository.counter().queries(), l1, l2, stale);
  }

  /**
   * Fills every instance's cache with ids 1..keys by bulk loads (one query per chunk), so that a
   * run measures the steady state rather than the cold start.
   */
  void prefill(long keys) {
    final int chunk = 500;
    for (Cache<Long, User> cache : caches) {
      for (long first = 1; first <= keys; first += chunk) {
        List<Long> ids = new ArrayList<>(chunk);
        for (long id = first; id < first + chunk && id <= keys; id++) {
          ids.add(id);
        }
        cache.getAll(ids);
      }
    }
  }

  /** Summed stats of every instance's cache. */
  long count(io.caskade.metrics.CacheEventType type) {
    return caches.stream().mapToLong(c -> c.stats().count(type)).sum();
  }

  /** Expiry waves of the busiest instance (instances expire in step, each on its own). */
  long expiryWaves() {
    return waves.stream().mapToLong(ExpiryWaves::waves).max().orElse(0);
  }

  @Override
  public int sourceWaiting() {
    return database.waitingCallers();
  }

  @Override
  public UserRepository repository() {
    return repository;
  }

  @Override
  public void close() {
    for (Cache<Long, User> c : caches) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // closing one instance must not keep the others open
      }
    }
  }
}
