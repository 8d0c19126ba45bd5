package io.caskade.lab.scenario;

/** Checks a variant name against a scenario's list. */
final class Variants {

  private Variants() {}

  static void require(Scenario scenario, String variant) {
    if (!scenario.variants().contains(variant)) {
      throw new IllegalArgumentException("scenario '" + scenario.name() + "' has no variant '"
          + variant + "'; it has " + scenario.variants());
    }
  }
}
