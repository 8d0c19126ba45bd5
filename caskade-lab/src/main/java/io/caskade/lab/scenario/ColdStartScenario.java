package io.caskade.lab.scenario;

import io.caskade.lab.load.LoadObserver;
import io.caskade.metrics.CacheEventType;
import io.caskade.source.Source;
import java.time.Duration;
import java.util.List;

/**
 * Cold start: every instance starts with an empty cache under full traffic, so every distinct key
 * is a load at once. Unprotected, the loads overwhelm the source; a rate-limited, bulkheaded
 * source turns the excess away inside the cache before the database falls over; warm-up loads
 * the hottest tenth of the keys in batches (under the same limits) before traffic starts. The
 * {@code stale-if-error} variant starts from filled caches with a short TTL and takes the source
 * down a third into the run: expired entries keep being served stale instead of failing.
 *
 * <p>Adds the source saturation fields ({@code sourceRejected}, {@code sourceQueueP99Micros},
 * {@code sourcePeakWaiting}, {@code sourceUtilization}) and {@code loadsRejected} (loads failed or
 * turned away by source protection); warm-up adds {@code warmedKeys} and {@code warmUpQueries}
 * (spent before the measured run). {@code defended} combines a readiness gate warmed from the
 * hot-key snapshot, stale-if-error from L2 and a source limit whose callers wait for a permit up
 * to their deadline ({@link DefendedStart}).
 */
final class ColdStartScenario implements Scenario {

  static final String NAME = "cold-start";
  static final String NONE = "none";
  static final String RATE_LIMITED = "rate-limited";
  static final String WARM_UP = "warm-up";
  static final String STALE_IF_ERROR = "stale-if-error";
  /** The defences together, as a service deploys them: see {@link DefendedStart}. */
  static final String DEFENDED = "defended";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "empty caches, full traffic: does the source survive the refill";
  }

  @Override
  public List<String> variants() {
    return L2Tiers.available() ? List.of(NONE, RATE_LIMITED, WARM_UP, STALE_IF_ERROR, DEFENDED)
        : List.of(NONE, RATE_LIMITED, WARM_UP, STALE_IF_ERROR);
  }

  @Override
  public ScenarioResult run(String variant, LabContext context) throws Exception {
    Variants.require(this, variant);
    if (variant.equals(DEFENDED)) {
      return DefendedStart.run(context);
    }
    LabSettings s = context.settings();
    CacheRecipe recipe = switch (variant) {
      case RATE_LIMITED, WARM_UP ->
          (builder, repository, instance) -> builder.source(protectedSource(s));
      case STALE_IF_ERROR -> (builder, repository, instance) -> builder
          .ttl(Duration.ofMillis(Math.max(200, s.duration().toMillis() / 6)))
          .staleIfError(Duration.ofMinutes(10))
          .source(protectedSource(s));
      default -> (builder, repository, instance) -> builder;
    };
    LoadObserver events = LoadObserver.NONE;
    if (variant.equals(STALE_IF_ERROR)) {
      events = (point, done) -> {
        if (done >= 1.0 / 3 && !context.database().isDown()) {
          context.database().setDown(true);
        }
      };
    }
    try (CachedFleet fleet = new CachedFleet(context, CachedFleet.Access.READ_THROUGH, recipe)) {
      long warmed = variant.equals(WARM_UP) ? WarmUp.run(fleet, context) : 0;
      long warmUpQueries = fleet.repository().counter().queries();
      if (variant.equals(STALE_IF_ERROR)) {
        fleet.prefill(s.keys());
      }
      ScenarioResult result;
      try {
        result = context.measure(NAME, variant, fleet, context.keys(), context.loadSpec(), events);
      } finally {
        context.database().setDown(false);
      }
      SourceLoad.describe(result, fleet.repository(), context);
      result.with("loadsRejected", fleet.count(CacheEventType.LOAD_FAILURE));
      if (variant.equals(WARM_UP)) {
        result.with("warmedKeys", warmed).with("warmUpQueries", warmUpQueries);
      }
      return context.done(result);
    }
  }

  /**
   * Each instance's share of what the database can take: its connections split between the
   * instances, and 80% of their throughput as the rate limit.
   */
  static Source protectedSource(LabSettings s) {
    int concurrent = Math.max(1, s.sourceCapacity() / s.instances());
    double perConnection = s.sourceLatency().toNanos() <= 0 ? 1_000
        : 1e9 / s.sourceLatency().toNanos();
    int perSecond = (int) Math.max(1, Math.floor(concurrent * perConnection * 0.8));
    return Source.builder("users-db")
        .maxConcurrentLoads(concurrent)
        .maxLoadsPerSecond(perSecond)
        .maxWait(Duration.ofMillis(50))
        .loadTimeout(s.sourceQueueTimeout().plus(s.sourceLatency()).multipliedBy(2))
        .build();
  }
}
