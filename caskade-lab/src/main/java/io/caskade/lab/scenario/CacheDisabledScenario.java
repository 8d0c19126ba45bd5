package io.caskade.lab.scenario;

import java.util.List;

/**
 * "Load-test with the cache disabled": the same traffic straight to the database. With more
 * clients than connections the source saturates — callers queue for a connection, and past the
 * queue timeout they fail.
 */
final class CacheDisabledScenario implements Scenario {

  static final String NAME = "cache-disabled";
  static final String DISABLED = "disabled";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "the same traffic with no cache: the source saturates (queueing, then errors)";
  }

  @Override
  public List<String> variants() {
    return List.of(DISABLED);
  }

  @Override
  public ScenarioResult run(String variant, LabContext context) throws Exception {
    Variants.require(this, variant);
    try (Fleet fleet = new DirectFleet(context.database(), context.settings().instances())) {
      ScenarioResult result = context.measure(NAME, variant, fleet, context.keys());
      SourceLoad.describe(result, fleet.repository(), context);
      return context.done(result);
    }
  }
}
