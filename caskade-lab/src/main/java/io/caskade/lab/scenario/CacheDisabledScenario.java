package io.caskade.lab.scenario;

import java.util.List;

/**
 * "Load-test with the cache disabled": the same traffic straight to the database. With more
 * clients than connections the source saturates — callers queue for a connection, and past the
 * queue timeout they fail. The {@code enabled} variant sends the same traffic through a default
 * Caskade cache, filled before the run (steady state, not cold start), for comparison.
 */
final class CacheDisabledScenario implements Scenario {

  static final String NAME = "cache-disabled";
  static final String DISABLED = "disabled";
  static final String ENABLED = "enabled";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "the same traffic with the cache disabled and enabled: the source saturates without it";
  }

  @Override
  public List<String> variants() {
    return List.of(DISABLED, ENABLED);
  }

  private static Fleet warm(LabContext context) {
    CachedFleet fleet = new CachedFleet(context, CachedFleet.Access.READ_THROUGH, (b, r, i) -> b);
    fleet.prefill(context.settings().keys());
    return fleet;
  }

  @Override
  public ScenarioResult run(String variant, LabContext context) throws Exception {
    Variants.require(this, variant);
    try (Fleet fleet = variant.equals(DISABLED)
        ? new DirectFleet(context.database(), context.settings().instances())
        : warm(context)) {
      ScenarioResult result = context.measure(NAME, variant, fleet, context.keys());
      SourceLoad.describe(result, fleet.repository(), context);
      return context.done(result);
    }
  }
}
