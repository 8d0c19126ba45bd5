package io.caskade.lab.scenario;

import io.caskade.Cache;
import io.caskade.lab.source.User;
import io.caskade.metrics.CacheEventType;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.snapshot.RedisHotKeySnapshots;
import io.caskade.source.Source;
import io.caskade.warmup.WarmUp;
import io.caskade.warmup.WarmUpResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cold start with every defence a service would deploy, on the same database as
 * {@code none}:
 *
 * <ol>
 *   <li>a <b>readiness gate</b>: each instance warms from the hot-key snapshot
 *       ({@code WarmUp.of(cache).runSnapshot(store)}, bulk loads of 100 keys through the source limit, or
 *       L2 hits for keys an earlier instance already loaded) before it takes traffic. The
 *       snapshot is the one the previous generation of the fleet left in Redis: its hottest keys,
 *       hottest first (written here with the store's own {@code store}, which a cache's
 *       {@code close()} calls; ids are Zipf ranks, so it holds ids 1..keys);
 *   <li><b>stale-if-error from L2</b>: a Redis L2 shared by the instances, with a 10-minute
 *       stale-if-error window;
 *   <li>a <b>source limit whose callers wait</b>: each instance's share of the connections and
 *       80 % of their throughput, as in {@code rate-limited}, but a caller waits for a slot or a
 *       permit up to its own deadline — the database's queue timeout, what a caller of
 *       {@code none} waits for a connection — instead of 50 ms ({@code Source}'s
 *       {@code maxWait}).
 * </ol>
 *
 * Adds {@code readyMillis} (the slowest instance's warm-up), {@code warmedKeys},
 * {@code warmUpQueries} (spent before traffic), {@code loadsRejected}, and the source fields.
 */
final class DefendedStart {

  static final Duration STALE_IF_ERROR = Duration.ofMinutes(10);

  private DefendedStart() {}

  static ScenarioResult run(LabContext context) throws Exception {
    LabSettings s = context.settings();
    String name = L2Tiers.freshName(ColdStartScenario.NAME);
    RedisConfig redis = RedisConfig.standalone(L2Tiers.redisUrl(context));
    List<RedisHotKeySnapshots<Long>> stores = new ArrayList<>();
    try {
      RedisHotKeySnapshots<Long> previous = snapshots(redis, name);
      stores.add(previous);
      List<Long> hottest = new ArrayList<>((int) s.keys());
      for (long id = 1; id <= s.keys(); id++) {
        hottest.add(id);
      }
      previous.store(hottest);

      CacheRecipe recipe = (builder, repository, instance) -> {
        RedisHotKeySnapshots<Long> store = snapshots(redis, name);
        stores.add(store);
        return builder
            .l2(L2Tiers.redis(context, name))
            .staleIfError(STALE_IF_ERROR)
            .hotKeySnapshots(store, (int) s.keys(), Duration.ofMinutes(1))
            .source(waitingSource(s));
      };
      try (CachedFleet fleet = new CachedFleet(context, CachedFleet.Access.READ_THROUGH, recipe)) {
        long warmed = 0;
        long readyNanos = 0;
        List<Cache<Long, User>> caches = fleet.caches();
        for (int i = 0; i < caches.size(); i++) {
          long start = System.nanoTime();
          WarmUpResult r = WarmUp.of(caches.get(i)).runSnapshot(previous); // the one snapshot they share
          readyNanos = Math.max(readyNanos, System.nanoTime() - start);
          warmed += r.loaded() + r.alreadyCached();
        }
        long warmUpQueries = fleet.repository().counter().queries();
        ScenarioResult result = context.measure(ColdStartScenario.NAME,
            ColdStartScenario.DEFENDED, fleet, context.keys(), context.loadSpec(),
            io.caskade.lab.load.LoadObserver.NONE);
        SourceLoad.describe(result, fleet.repository(), context);
        result.with("loadsRejected", fleet.count(CacheEventType.LOAD_FAILURE))
            .with("readyMillis", readyNanos / 1_000_000)
            .with("warmedKeys", warmed)
            .with("warmUpQueries", warmUpQueries);
        return context.done(result);
      }
    } finally {
      for (RedisHotKeySnapshots<Long> store : stores) {
        store.close();
      }
    }
  }

  private static RedisHotKeySnapshots<Long> snapshots(RedisConfig redis, String name) {
    return RedisHotKeySnapshots.builder(redis, name, RedisHotKeySnapshots.keys(KeyCodec.longs()))
        .ttl(Duration.ofMinutes(10))
        .build();
  }

  /**
   * {@link ColdStartScenario#protectedSource}'s limits, with callers that wait for a slot or a
   * permit up to their own deadline (the database's queue timeout) rather than 50 ms.
   */
  static Source waitingSource(LabSettings s) {
    int concurrent = Math.max(1, s.sourceCapacity() / s.instances());
    double perConnection = s.sourceLatency().toNanos() <= 0 ? 1_000
        : 1e9 / s.sourceLatency().toNanos();
    int perSecond = (int) Math.max(1, Math.floor(concurrent * perConnection * 0.8));
    return Source.builder("users-db")
        .maxConcurrentLoads(concurrent)
        .maxLoadsPerSecond(perSecond)
        .maxWait(s.sourceQueueTimeout())
        .loadTimeout(s.sourceQueueTimeout().plus(s.sourceLatency()).multipliedBy(2))
        .build();
  }
}
