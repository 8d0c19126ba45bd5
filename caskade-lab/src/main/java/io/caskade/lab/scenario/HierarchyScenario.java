package io.caskade.lab.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The cache hierarchy: Zipf traffic through L1 only, L2 only and L1 → L2 → source, showing how
 * each layer absorbs traffic from the one below. L1 holds a tenth of the keys; L2 (Redis) holds
 * them all.
 */
final class HierarchyScenario implements Scenario {

  static final String NAME = "hierarchy";
  static final String L1_ONLY = "l1-only";
  static final String L2_ONLY = "l2-only";
  static final String L1_L2 = "l1+l2";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "L1 -> L2 -> source: hit ratios compound";
  }

  @Override
  public List<String> variants() {
    List<String> v = new ArrayList<>(List.of(L1_ONLY));
    if (L2Tiers.available()) {
      v.add(L2_ONLY);
      v.add(L1_L2);
    }
    return v;
  }

  /** L1 holds a tenth of the keys, so that it misses and the layers below matter. */
  static long l1Size(long keys) {
    return Math.max(10, keys / 10);
  }

  @Override
  public ScenarioResult run(String variant, LabContext context) throws Exception {
    Variants.require(this, variant);
    String l2Name = L2Tiers.freshName(NAME);
    CacheRecipe recipe = (builder, repository, instance) -> {
      if (!variant.equals(L1_ONLY)) {
        builder.l2(L2Tiers.redis(context, l2Name));
      }
      builder.maximumSize(l1Size(context.settings().keys()));
      if (variant.equals(L2_ONLY)) {
        builder.disableL1();
      }
      return builder;
    };
    try (CachedFleet fleet = new CachedFleet(context, CachedFleet.Access.READ_THROUGH, recipe)) {
      fleet.prefill(context.settings().keys());
      ScenarioResult result = context.measure(NAME, variant, fleet, context.keys());
      result.with("sourceShare", Math.round(result.sourceShare() * 10_000) / 10_000.0);
      return context.done(result);
    }
  }
}
