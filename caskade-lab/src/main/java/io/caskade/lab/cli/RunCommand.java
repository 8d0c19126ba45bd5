package io.caskade.lab.cli;

import io.caskade.lab.scenario.LabSettings;
import io.caskade.lab.scenario.Scenario;
import io.caskade.lab.scenario.ScenarioRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code run SCENARIO}: one scenario, every variant (or those chosen with --variant). */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run one scenario, every variant side by side (see 'list').")
final class RunCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SCENARIO", description = "The scenario, e.g. herd.")
  String scenario;

  @Option(names = "--variant", paramLabel = "NAME",
      description = "Run only this variant (repeatable).")
  List<String> variants;

  @Mixin
  LabOptions options = new LabOptions();

  @Override
  public Integer call() throws Exception {
    Scenario s = ScenarioRegistry.standard().find(scenario).orElseThrow(() ->
        new ParameterException(spec.commandLine(), "unknown scenario '" + scenario
            + "'; 'caskade-lab list' shows them"));
    List<String> chosen = variants == null || variants.isEmpty() ? s.variants() : variants;
    for (String v : chosen) {
      if (!s.variants().contains(v)) {
        throw new ParameterException(spec.commandLine(), "scenario '" + scenario
            + "' has no variant '" + v + "'; it has " + s.variants());
      }
    }
    Map<Scenario, List<String>> plan = new LinkedHashMap<>();
    plan.put(s, chosen);
    LabSettings settings = options.apply(LabSettings.defaults());
    return new LabRunner(settings, System.out, options.json, options.report).run(plan);
  }
}
