package io.caskade.lab.scenario;

import io.caskade.lab.load.KeyDistribution;
import io.caskade.metrics.CacheEventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Thundering herd: every client reads one hot key whose TTL runs out again and again. Naive
 * cache-aside sends every client of the wave to the source; single-flight sends one per instance;
 * stale-while-revalidate and XFetch keep serving while one refresh runs.
 *
 * <p>Adds {@code expiries} (waves of callers that found the key gone or stale, on the busiest
 * instance; the cold start counts as one) and {@code sourceQueriesPerExpiry}.
 */
final class HerdScenario implements Scenario {

  static final String NAME = "herd";
  static final String NAIVE = "naive";
  static final String SINGLE_FLIGHT = "single-flight";
  static final String FLEET_LEASE = "fleet-lease";
  static final String SWR = "stale-while-revalidate";
  static final String XFETCH = "xfetch";

  /** The hot key's lifetime: short, so a run sees several expiries. */
  static final Duration TTL = Duration.ofSeconds(1);
  static final long HOT_KEY = 1;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "one hot key expires under load: how many queries reach the source per expiry";
  }

  @Override
  public List<String> variants() {
    List<String> v = new ArrayList<>(List.of(NAIVE, SINGLE_FLIGHT));
    if (L2Tiers.available()) {
      v.add(FLEET_LEASE);
    }
    v.add(SWR);
    v.add(XFETCH);
    return v;
  }

  @Override
  public ScenarioResult run(String variant, LabContext context) throws Exception {
    Variants.require(this, variant);
    CachedFleet.Access access = variant.equals(NAIVE) ? CachedFleet.Access.NAIVE_CACHE_ASIDE
        : CachedFleet.Access.READ_THROUGH;
    String l2Name = L2Tiers.freshName(NAME);
    try (CachedFleet fleet = new CachedFleet(context, access, recipe(variant, context, l2Name))) {
      ScenarioResult result = context.measure(NAME, variant, fleet,
          KeyDistribution.single(HOT_KEY));
      long expiries = fleet.expiryWaves();
      double perExpiry = expiries == 0 ? result.sourceQueries()
          : (double) result.sourceQueries() / expiries;
      result.with("expiries", expiries)
          .with("sourceQueriesPerExpiry", Math.round(perExpiry * 10) / 10.0)
          .with("coalesced", fleet.count(CacheEventType.COALESCED))
          .with("sourceRejected", fleet.repository().counter().rejections());
      return context.done(result);
    }
  }

  private static CacheRecipe recipe(String variant, LabContext context, String l2Name) {
    return (builder, repository, instance) -> {
      builder.ttl(TTL);
      switch (variant) {
        case SWR -> builder.staleWhileRevalidate(TTL.multipliedBy(10));
        case XFETCH -> builder.earlyRefresh(1.0);
        case FLEET_LEASE -> builder.l2(L2Tiers.redis(context, l2Name))
            .leaseWait(Duration.ofSeconds(2));
        default -> { }
      }
      return builder;
    };
  }
}
