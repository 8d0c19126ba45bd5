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
  /** The peers, on the same Redis: see {@link PeerFleet}. */
  static final String SPRING_REDIS_SYNC = "spring-redis-sync";
  static final String REDISSON_MAP_LOADER = "redisson-map-loader";
  static final String REDISSON_RLOCK = "redisson-rlock";

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
    if (L2Tiers.available()) {
      v.addAll(List.of(SPRING_REDIS_SYNC, REDISSON_MAP_LOADER, REDISSON_RLOCK));
    }
    return v;
  }

  @Override
  public ScenarioResult run(String variant, LabContext context) throws Exception {
    Variants.require(this, variant);
    PeerFleet.Kind peer = switch (variant) {
      case SPRING_REDIS_SYNC -> PeerFleet.Kind.SPRING_REDIS_SYNC;
      case REDISSON_MAP_LOADER -> PeerFleet.Kind.REDISSON_MAP_LOADER;
      case REDISSON_RLOCK -> PeerFleet.Kind.REDISSON_RLOCK;
      default -> null;
    };
    if (peer != null) {
      try (PeerFleet fleet = new PeerFleet(context, peer, L2Tiers.freshName(NAME), TTL)) {
        ScenarioResult result = context.measure(NAME, variant, fleet,
            KeyDistribution.single(HOT_KEY));
        return context.done(perExpiry(result, fleet.expiryWaves())
            .with("coalesced", 0L)
            .with("sourceRejected", fleet.repository().counter().rejections()));
      }
    }
    CachedFleet.Access access = variant.equals(NAIVE) ? CachedFleet.Access.NAIVE_CACHE_ASIDE
        : CachedFleet.Access.READ_THROUGH;
    String l2Name = L2Tiers.freshName(NAME);
    try (CachedFleet fleet = new CachedFleet(context, access, recipe(variant, context, l2Name),
        l2Name)) {
      ScenarioResult result = context.measure(NAME, variant, fleet,
          KeyDistribution.single(HOT_KEY));
      perExpiry(result, fleet.expiryWaves())
          .with("coalesced", fleet.count(CacheEventType.COALESCED))
          .with("sourceRejected", fleet.repository().counter().rejections());
      return context.done(result);
    }
  }

  private static ScenarioResult perExpiry(ScenarioResult result, long expiries) {
    double perExpiry = expiries == 0 ? result.sourceQueries()
        : (double) result.sourceQueries() / expiries;
    return result.with("expiries", expiries)
        .with("sourceQueriesPerExpiry", Math.round(perExpiry * 10) / 10.0);
  }

  private static CacheRecipe recipe(String variant, LabContext context, String l2Name) {
    return (builder, repository, instance) -> {
      builder.ttl(TTL);
      switch (variant) {
        case SWR -> builder.staleWhileRevalidate(TTL.multipliedBy(10));
        case XFETCH -> builder.earlyRefresh(1.0);
        case FLEET_LEASE -> L2Tiers.attach(builder, context, l2Name)
            .leaseWait(Duration.ofSeconds(2));
        default -> { }
      }
      return builder;
    };
  }
}
