package io.caskade.lab.cli;

import io.caskade.lab.scenario.LabSettings;
import io.caskade.lab.scenario.Scenario;
import io.caskade.lab.scenario.ScenarioRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tour}: every scenario, briefly, then a summary. */
@Command(name = "tour", mixinStandardHelpOptions = true,
    description = "Run every scenario briefly (about 3 minutes on 2 cores), then print a summary.")
final class TourCommand implements Callable<Integer> {

  static final Duration TOUR_DURATION = Duration.ofSeconds(4);

  @Mixin
  LabOptions options = new LabOptions();

  @Override
  public Integer call() throws Exception {
    LabSettings settings = options.apply(LabSettings.defaults().withDuration(TOUR_DURATION));
    Map<Scenario, List<String>> plan = new LinkedHashMap<>();
    for (Scenario s : ScenarioRegistry.standard().all()) {
      plan.put(s, s.variants());
    }
    return new LabRunner(settings, System.out, options.json, options.report).run(plan);
  }
}
