package io.caskade.lab.scenario;

import com.google.common.hash.Funnels;
import io.caskade.bloom.BloomGuard;
import io.caskade.lab.load.KeyDistribution;
import io.caskade.metrics.CacheEventType;
import java.util.List;

/**
 * Cache penetration: every request asks for an id that does not exist (an enumeration). Without a
 * defence each one reaches the source; negative caching spares repeats; a bloom filter of the
 * existing ids turns almost all of them away before any load.
 *
 * <p>Adds {@code sourceShare} (source queries over requests) and {@code penetrationBlocked}.
 */
final class PenetrationScenario implements Scenario {

  static final String NAME = "penetration";
  static final String NONE = "none";
  static final String NEGATIVE = "negative-caching";
  static final String BLOOM = "bloom-filter";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "requests for ids that don't exist: how many reach the source";
  }

  @Override
  public List<String> variants() {
    return List.of(NONE, NEGATIVE, BLOOM);
  }

  /** How many distinct missing ids the attack cycles through (ids keys+1 ..): keys / 50, at least 100. */
  static long missingIds(long keys) {
    return Math.max(100, keys / 50);
  }

  @Override
  public ScenarioResult run(String variant, LabContext context) throws Exception {
    Variants.require(this, variant);
    long keys = context.settings().keys();
    CachedFleet.Access access = variant.equals(NONE) ? CachedFleet.Access.NAIVE_CACHE_ASIDE
        : CachedFleet.Access.READ_THROUGH;
    CacheRecipe recipe = (builder, repository, instance) -> variant.equals(BLOOM)
        ? builder.bloomGuard(BloomGuard.create(Funnels.longFunnel(), keys, 0.01, repository::ids))
        : builder;
    try (CachedFleet fleet = new CachedFleet(context, access, recipe)) {
      ScenarioResult result = context.measure(NAME, variant, fleet,
          KeyDistribution.uniform(keys + 1, missingIds(keys)));
      result.with("sourceShare", Math.round(result.sourceShare() * 10_000) / 10_000.0)
          .with("penetrationBlocked", fleet.count(CacheEventType.BLOOM_BLOCKED)
              + fleet.count(CacheEventType.NEGATIVE_HIT));
      return context.done(result);
    }
  }
}
