package io.caskade.lab.report;

import io.caskade.lab.scenario.ScenarioResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one self-contained {@code index.html}: per scenario its table and SVG charts over time,
 * one line per variant (source queries/s, p99 latency, hit ratios, errors/s). No scripts, no
 * external resources: readable offline.
 */
public final class HtmlReport {

  private static final List<SvgChart> CHARTS = List.of(
      new SvgChart("Source queries per second", "queries/s", p -> p.sourceQueriesPerSecond()),
      new SvgChart("p99 latency", "ms", p -> p.p99Micros() / 1_000.0),
      new SvgChart("L1 hit ratio", "ratio", p -> p.l1HitRatio()),
      new SvgChart("L2 hit ratio", "ratio", p -> p.l2HitRatio()),
      new SvgChart("Errors per second", "errors/s", p -> p.errorsPerSecond()),
      new SvgChart("Callers queued for a connection", "callers", p -> p.sourceWaiting()));

  private HtmlReport() {}

  /** Writes {@code dir/index.html} and returns its path. */
  public static Path write(Path dir, List<ScenarioResult> results) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    Path index = dir.resolve("index.html");
    Files.writeString(index, render(results), StandardCharsets.UTF_8);
    return index;
  }

  static String render(List<ScenarioResult> results) throws IOException {
    Map<String, List<ScenarioResult>> byScenario = new LinkedHashMap<>();
    for (ScenarioResult r : results) {
      byScenario.computeIfAbsent(r.scenario(), k -> new ArrayList<>()).add(r);
    }
    StringBuilder html = new StringBuilder(64 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Caskade Lab report</title><style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0;font-size:0.9em}")
        .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}")
        .append("td:nth-child(1),td:nth-child(2),td:last-child,th:nth-child(1),th:nth-child(2),")
        .append("th:last-child{text-align:left}th{background:#f4f4f4}")
        .append("tr:nth-child(even) td{background:#fafafa}")
        .append(".charts{display:flex;flex-wrap:wrap;gap:12px}")
        .append(".charts svg{border:1px solid #eee}</style></head><body>\n")
        .append("<h1>Caskade Lab</h1><p>Generated ").append(Instant.now())
        .append(". Every number below was measured against a real database.</p>\n");
    html.append("<h2>Summary</h2>");
    table(html, results);
    for (Map.Entry<String, List<ScenarioResult>> e : byScenario.entrySet()) {
      html.append("<h2 id=\"").append(escape(e.getKey())).append("\">")
          .append(escape(e.getKey())).append("</h2>");
      table(html, e.getValue());
      html.append("<div class=\"charts\">");
      for (SvgChart chart : CHARTS) {
        if (chart.hasData(e.getValue())) {
          html.append(chart.render(e.getValue()));
        }
      }
      if (LayerShareChart.applies(e.getValue())) {
        html.append(LayerShareChart.render(e.getValue()));
      }
      html.append("</div>\n");
    }
    return html.append("</body></html>\n").toString();
  }

  private static void table(StringBuilder html, List<ScenarioResult> rows) {
    html.append("<table><tr>");
    for (String h : ResultTable.HEADER) {
      html.append("<th>").append(escape(h)).append("</th>");
    }
    html.append("</tr>");
    for (ScenarioResult r : rows) {
      html.append("<tr>");
      for (String cell : ResultTable.row(r)) {
        html.append("<td>").append(escape(cell)).append("</td>");
      }
      html.append("</tr>");
    }
    html.append("</table>\n");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
