package io.caskade.lab.cli;

import io.caskade.lab.report.ConsoleReport;
import io.caskade.lab.report.HtmlReport;
import io.caskade.lab.report.JsonReport;
import io.caskade.lab.scenario.LabContext;
import io.caskade.lab.scenario.LabSettings;
import io.caskade.lab.scenario.Scenario;
import io.caskade.lab.source.FragileDatabase;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Opens the database, runs the chosen variants, reports to the console, JSON and HTML. */
final class LabRunner {

  private final LabSettings settings;
  private final PrintStream out;
  private final Path json;
  private final Path report;

  LabRunner(LabSettings settings, PrintStream out, Path json, Path report) {
    this.settings = settings;
    this.out = out;
    this.json = json;
    this.report = report;
  }

  /** Runs every listed variant of every scenario in order; returns the process exit code. */
  int run(Map<Scenario, List<String>> plan) throws Exception {
    System.setProperty("java.awt.headless", "true");
    ConsoleReport console = new ConsoleReport(out, System.console() != null);
    out.println("caskade-lab: " + describe());
    try (FragileDatabase db = FragileDatabase.open(settings.source())) {
      LabContext context = new LabContext(settings, db, console);
      for (Map.Entry<Scenario, List<String>> e : plan.entrySet()) {
        for (String variant : e.getValue()) {
          e.getKey().run(variant, context);
        }
      }
    }
    console.summary();
    if (json != null) {
      JsonReport.write(json, console.results());
      out.println("JSON written to " + json.toAbsolutePath());
    }
    if (report != null) {
      Path index = HtmlReport.write(report, console.results());
      out.println("HTML report written to " + index.toAbsolutePath());
    }
    return 0;
  }

  private String describe() {
    String db = settings.jdbcUrl() == null ? "embedded H2 (in memory)" : settings.jdbcUrl();
    return String.format("%s, %d keys, %s/query, %d connections; %d clients over %d instances,"
            + " %s per variant, zipf %.2f, seed %d", db, settings.keys(),
        settings.sourceLatency().toMillis() + "ms", settings.sourceCapacity(), settings.clients(),
        settings.instances(), settings.duration().toMillis() / 1000.0 + "s", settings.zipf(),
        settings.seed());
  }
}
