package io.caskade.lab.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The cache hierarchy: Zipf traffic through L1 only, L2 only and L1 → L2 → source, showing how
 * each layer absorbs traffic from the one below. L1 holds a tenth of the keys; L2 (Redis) holds
 * them all. With Varnish installed, {@code browser+cdn+l1+l2} puts the two HTTP layers on top
 * ({@link HttpHierarchyFleet}): each client's own HTTP cache, then Varnish, then the origin's
 * L1 and L2. Every variant reports each layer's share of the client requests.
 */
final class HierarchyScenario implements Scenario {

  static final String NAME = "hierarchy";
  static final String L1_ONLY = "l1-only";
  static final String L2_ONLY = "l2-only";
  static final String L1_L2 = "l1+l2";
  static final String BROWSER_CDN_L1_L2 = "browser+cdn+l1+l2";

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
      if (HttpLayers.available()) {
        v.add(BROWSER_CDN_L1_L2);
      } else {
        HttpLayers.explainMissing(BROWSER_CDN_L1_L2);
      }
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
        L2Tiers.attach(builder, context, l2Name);
      }
      builder.maximumSize(l1Size(context.settings().keys()));
      if (variant.equals(L2_ONLY)) {
        builder.disableL1();
      }
      return builder;
    };
    if (variant.equals(BROWSER_CDN_L1_L2)) {
      try (HttpHierarchyFleet fleet = new HttpHierarchyFleet(context, recipe)) {
        fleet.prefill(context.settings().keys());
        ScenarioResult result = context.measure(NAME, variant, fleet, context.keys());
        long requests = Math.max(1, result.requests());
        long reachedCdn = requests - fleet.browserHits();
        shares(result, fleet.browserHits() / (double) requests,
            reachedCdn <= 0 ? 0 : fleet.cdnHits() / (double) reachedCdn,
            fleet.cdnHits() / (double) requests, fleet.originRequests() / (double) requests);
        return context.done(result);
      }
    }
    try (CachedFleet fleet = new CachedFleet(context, CachedFleet.Access.READ_THROUGH, recipe)) {
      fleet.prefill(context.settings().keys());
      ScenarioResult result = context.measure(NAME, variant, fleet, context.keys());
      shares(result, 0, 0, 0, 1.0);
      return context.done(result);
    }
  }

  /**
   * The layer fields of every variant: hit ratios of the HTTP layers (of the requests reaching
   * them) and each layer's share of all client requests (browser, CDN, L1, L2, source), which add
   * up to about 1 (stale serves and errors aside).
   */
  private static void shares(ScenarioResult r, double browserHitRatio, double cdnHitRatio,
      double cdnShare, double originShare) {
    r.with("browserHitRatio", round(browserHitRatio));
    r.with("cdnHitRatio", round(cdnHitRatio));
    r.with("originShare", round(originShare));
    r.with("browserShare", round(browserHitRatio));
    r.with("cdnShare", round(cdnShare));
    r.with("l1Share", round(r.l1HitRatio()));
    r.with("l2Share", round(r.l2HitRatio() * (1 - r.l1HitRatio())));
    r.with("sourceShare", round(r.sourceShare()));
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
