package io.caskade.lab.report;

import io.caskade.lab.load.LoadObserver;
import io.caskade.lab.scenario.RunListener;
import io.caskade.lab.scenario.ScenarioResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Prints a lab run as it goes: a header per scenario, a live progress line per variant (when the
 * output is a terminal), the scenario's table when its last variant ends, and a summary of
 * everything at the end.
 */
public final class ConsoleReport implements RunListener {

  private final PrintStream out;
  private final boolean interactive;
  private final ProgressBar bar = new ProgressBar(30);
  private final List<ScenarioResult> all = new ArrayList<>();
  private final List<ScenarioResult> current = new ArrayList<>();
  private String currentScenario;

  /**
   * A report on {@code out}.
   *
   * @param interactive redraw a progress line in place (for terminals); otherwise print one line
   *     per finished variant
   */
  public ConsoleReport(PrintStream out, boolean interactive) {
    this.out = Objects.requireNonNull(out, "out");
    this.interactive = interactive;
  }

  @Override
  public LoadObserver starting(String scenario, String variant) {
    if (!scenario.equals(currentScenario)) {
      flushScenario();
      currentScenario = scenario;
      out.println();
      out.println("== " + scenario);
    }
    String label = String.format(Locale.ROOT, "  %-24s", variant);
    return (point, done) -> {
      if (interactive) {
        out.print("\r" + label + bar.render(done) + String.format(Locale.ROOT,
            "  src %6.0f q/s  p99 %8s  err %5.0f/s  L1 %5s ", point.sourceQueriesPerSecond(),
            Format.micros((long) point.p99Micros()), point.errorsPerSecond(),
            Format.percent(point.l1HitRatio())));
        out.flush();
      }
    };
  }

  @Override
  public void finished(ScenarioResult result) {
    all.add(result);
    current.add(result);
    if (interactive) {
      out.print("\r\033[2K");
    }
    out.println(String.format(Locale.ROOT, "  %-24s%s  %s requests, %s errors, %s source queries",
        result.variant(), bar.render(1), Format.count(result.requests()),
        Format.count(result.errors()), Format.count(result.sourceQueries())));
  }

  /** Prints the table of the scenario in progress, if any. */
  public void flushScenario() {
    if (current.isEmpty()) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    current.forEach(r -> rows.add(ResultTable.row(r)));
    out.println();
    out.print(ResultTable.render(rows));
    current.clear();
  }

  /** Prints the summary table of every variant run so far. */
  public void summary() {
    flushScenario();
    List<List<String>> rows = new ArrayList<>();
    all.forEach(r -> rows.add(ResultTable.row(r)));
    out.println();
    out.println("== summary");
    out.print(ResultTable.render(rows));
  }

  /** Every result reported so far. */
  public List<ScenarioResult> results() {
    return List.copyOf(all);
  }
}
