package io.caskade.lab.scenario;

import java.util.List;

/** One failure mode of caching, reproduced once per variant (without and with its defences). */
public interface Scenario {

  /** The name on the command line, e.g. {@code herd}. */
  String name();

  /** One line on what it shows. */
  String description();

  /** The variants, in the order they are run and reported. */
  List<String> variants();

  /**
   * Runs {@code variant} against the context's database and returns what it measured.
   *
   * @throws IllegalArgumentException for a variant not in {@link #variants()}
   */
  ScenarioResult run(String variant, LabContext context) throws Exception;
}
