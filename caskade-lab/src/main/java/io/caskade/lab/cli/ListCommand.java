package io.caskade.lab.cli;

import io.caskade.lab.scenario.Scenario;
import io.caskade.lab.scenario.ScenarioRegistry;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code list}: the scenarios and their variants. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the scenarios and their variants.")
final class ListCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    for (Scenario s : ScenarioRegistry.standard().all()) {
      out.printf("%-16s %s%n%-16s variants: %s%n", s.name(), s.description(), "",
          String.join(", ", s.variants()));
    }
    out.flush();
  }
}
