package io.caskade.lab.scenario;

import io.caskade.lab.source.FragileDatabase;
import java.time.Duration;

/** Small, quick lab settings for tests: H2 in memory, 1,000 keys, 20ms per query, 8 connections. */
final class Labs {

  private Labs() {}

  static LabSettings settings(int clients, Duration duration) {
    return settings(clients, duration, Duration.ofMillis(20), 8);
  }

  static LabSettings settings(int clients, Duration duration, Duration latency, int capacity) {
    return new LabSettings(null, null, null, 2, clients, duration, 5_000_000, 1_000, 1.0,
        latency, capacity, Duration.ofMillis(500), 7, Duration.ofMillis(1), "redis");
  }

  /** Runs every named variant of {@code scenario} on one fresh database. */
  static java.util.Map<String, ScenarioResult> run(Scenario scenario, LabSettings settings,
      String... variants) throws Exception {
    java.util.Map<String, ScenarioResult> results = new java.util.LinkedHashMap<>();
    try (FragileDatabase db = FragileDatabase.open(settings.source())) {
      LabContext context = new LabContext(settings, db, RunListener.NONE);
      for (String v : variants) {
        results.put(v, scenario.run(v, context));
      }
    }
    return results;
  }
}
