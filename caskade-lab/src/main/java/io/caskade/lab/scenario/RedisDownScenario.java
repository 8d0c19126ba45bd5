package io.caskade.lab.scenario;

import io.caskade.lab.load.LoadObserver;
import io.caskade.lab.load.TimelinePoint;
import io.caskade.lab.source.User;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.codec.JacksonCodec;
import io.caskade.testkit.RedisProcess;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * "Test with Redis down": L1 (a tenth of the keys) over a Redis L2 over a protected source, on a
 * redis-server the lab starts itself. A quarter into the run the server is SIGKILLed; halfway it
 * is restarted (empty). Reads must never fail because of Redis — only the source may refuse — and
 * the L2 must come back by itself. With {@code --l2 memcached} the lab starts three memcached
 * servers and kills (then restarts empty) one of them: its keys are loaded from the source, the
 * other two keep serving.
 *
 * <p>Adds {@code cacheErrors} (failures not caused by the source: must be 0) and
 * {@code recoverySeconds} (from the restart to the first interval with L2 hits again; -1 if it
 * never recovered within the run).
 */
final class RedisDownScenario implements Scenario {

  static final String NAME = "redis-down";
  static final String DEFAULTS = "caskade-defaults";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "the lab's redis-server is killed mid-run and restarted: no errors from Redis, recovery";
  }

  @Override
  public List<String> variants() {
    return List.of(DEFAULTS);
  }

  @Override
  public ScenarioResult run(String variant, LabContext context) throws Exception {
    Variants.require(this, variant);
    if (L2Tiers.memcached(context)) {
      return runOnMemcached(variant, context);
    }
    LabSettings s = context.settings();
    try (RedisProcess redis = RedisProcess.start()) {
      String l2Name = L2Tiers.freshName(NAME);
      CacheRecipe recipe = (builder, repository, instance) -> builder
          .maximumSize(HierarchyScenario.l1Size(s.keys()))
          .l2(RedisTier.builder(RedisConfig.standalone(redis.uri()), l2Name, KeyCodec.longs(),
              JacksonCodec.of(User.class)).build())
          .source(ColdStartScenario.protectedSource(s));
      return measure(variant, context, recipe, new Outage(redis::kill, redis::restart));
    }
  }

  /**
   * With {@code --l2 memcached}: three servers of the scenario's own; one of them is killed and
   * restarted empty, the other two keep serving their keys.
   */
  private ScenarioResult runOnMemcached(String variant, LabContext context) throws Exception {
    LabSettings s = context.settings();
    try (LabMemcached memcached = LabMemcached.start()) {
      String l2Name = L2Tiers.freshName(NAME);
      CacheRecipe recipe = (builder, repository, instance) -> builder
          .maximumSize(HierarchyScenario.l1Size(s.keys()))
          .l2(memcached.tier(l2Name))
          .l1MaxLifetime(LabMemcached.L1_BOUND)
          .source(ColdStartScenario.protectedSource(s));
      return measure(variant, context, recipe,
          new Outage(() -> memcached.server(0).kill(), () -> memcached.server(0).restart()));
    }
  }

  private ScenarioResult measure(String variant, LabContext context, CacheRecipe recipe,
      Outage outage) throws Exception {
    LabSettings s = context.settings();
    try (CachedFleet fleet = new CachedFleet(context, CachedFleet.Access.READ_THROUGH, recipe)) {
      fleet.prefill(s.keys());
      ScenarioResult result = context.measure(NAME, variant, fleet, context.keys(),
          context.loadSpec(), outage);
      result.with("cacheErrors", fleet.cacheErrors())
          .with("recoverySeconds", outage.recoverySeconds(result.timeline()));
      return context.done(result);
    }
  }

  /** Kills the server a quarter into the run and restarts it halfway. */
  private static final class Outage implements LoadObserver {
    private final Runnable kill;
    private final Runnable restart;
    private final AtomicBoolean killed = new AtomicBoolean();
    private final AtomicBoolean restarted = new AtomicBoolean();
    private final AtomicReference<Double> restartedAt = new AtomicReference<>();

    Outage(Runnable kill, Runnable restart) {
      this.kill = kill;
      this.restart = restart;
    }

    @Override
    public void onSample(TimelinePoint point, double done) {
      if (done >= 0.25 && killed.compareAndSet(false, true)) {
        kill.run();
      } else if (done >= 0.5 && killed.get() && restarted.compareAndSet(false, true)) {
        long t0 = System.nanoTime();
        restart.run();
        restartedAt.set(point.second() + (System.nanoTime() - t0) / 1e9);
      }
    }

    double recoverySeconds(List<TimelinePoint> timeline) {
      Double at = restartedAt.get();
      if (at == null) {
        return -1;
      }
      for (TimelinePoint p : timeline) {
        if (p.second() > at && p.l2HitRatio() > 0) {
          return Math.round((p.second() - at) * 10) / 10.0;
        }
      }
      return -1;
    }
  }
}
