package io.caskade.lab.report;

import io.caskade.lab.scenario.ScenarioResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.style.Styler;

/**
 * How much of the client traffic each layer of the hierarchy absorbed, one stacked bar per
 * variant: browser, CDN, L1, L2, source — from the {@code *Share} fields of the hierarchy scenario.
 */
final class LayerShareChart {

  static final List<String> LAYERS = List.of("browser", "cdn", "l1", "l2", "source");

  private LayerShareChart() {}

  /** True when the results carry layer shares (the hierarchy scenario). */
  static boolean applies(List<ScenarioResult> variants) {
    return variants.stream().anyMatch(r -> r.extras().containsKey("l1Share"));
  }

  /** The chart as an inline {@code <svg>} element. */
  static String render(List<ScenarioResult> variants) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(620).height(340)
        .title("Share of client requests absorbed by each layer")
        .xAxisTitle("variant").yAxisTitle("share of requests").build();
    chart.getStyler().setStacked(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    List<String> names = new ArrayList<>();
    for (ScenarioResult r : variants) {
      names.add(r.variant());
    }
    for (String layer : LAYERS) {
      List<Double> values = new ArrayList<>();
      for (ScenarioResult r : variants) {
        Object v = r.extras().get(layer + "Share");
        values.add(v instanceof Number n ? n.doubleValue() : 0.0);
      }
      chart.addSeries(layer, names, values);
    }
    ByteArrayOutputStream svg = new ByteArrayOutputStream();
    VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsFormat.SVG);
    return SvgChart.inlineable(svg.toString(StandardCharsets.UTF_8));
  }
}
