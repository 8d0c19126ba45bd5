package io.caskade.lab.report;

import io.caskade.lab.scenario.ScenarioResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Results as rows of text cells under a header, for the console and the HTML report. */
final class ResultTable {

  static final List<String> HEADER = List.of("scenario", "variant", "requests", "errors",
      "src queries", "src peak/s", "L1 hit", "L2 hit", "stale", "p50", "p99", "max", "notes");

  private ResultTable() {}

  static List<String> row(ScenarioResult r) {
    List<String> row = new ArrayList<>();
    row.add(r.scenario());
    row.add(r.variant());
    row.add(Format.count(r.requests()));
    row.add(Format.count(r.errors()));
    row.add(Format.count(r.sourceQueries()));
    row.add(Format.count(r.sourceQueriesPeakPerSecond()));
    row.add(Format.percent(r.l1HitRatio()));
    row.add(Format.percent(r.l2HitRatio()));
    row.add(Format.count(r.staleServed()));
    row.add(Format.micros(r.p50Micros()));
    row.add(Format.micros(r.p99Micros()));
    row.add(Format.micros(r.maxMicros()));
    row.add(notes(r.extras()));
    return row;
  }

  private static String notes(Map<String, Object> extras) {
    StringBuilder sb = new StringBuilder();
    extras.forEach((k, v) -> {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(k).append('=').append(Format.value(v));
    });
    return sb.toString();
  }

  /** The rows padded into aligned columns, header first, with a rule under it. */
  static String render(List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(HEADER);
    all.addAll(rows);
    int[] widths = new int[HEADER.size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < all.size(); r++) {
      List<String> row = all.get(r);
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        boolean left = i < 2 || i == row.size() - 1;
        String pad = i == row.size() - 1 ? "" : " ".repeat(widths[i] - cell.length());
        sb.append(i == 0 ? "" : "  ").append(left ? cell + pad : pad + cell);
      }
      sb.append(System.lineSeparator());
      if (r == 0) {
        int total = 0;
        for (int w : widths) {
          total += w + 2;
        }
        sb.append("-".repeat(Math.max(0, total - 2))).append(System.lineSeparator());
      }
    }
    return sb.toString();
  }
}
