package io.caskade.lab.report;

import io.caskade.lab.load.TimelinePoint;
import io.caskade.lab.scenario.ScenarioResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** One metric over time, one line per variant, drawn by XChart as inline SVG. */
final class SvgChart {

  private final String title;
  private final String yAxis;
  private final ToDoubleFunction<TimelinePoint> metric;

  SvgChart(String title, String yAxis, ToDoubleFunction<TimelinePoint> metric) {
    this.title = title;
    this.yAxis = yAxis;
    this.metric = metric;
  }

  /** True when some variant has a non-zero value of the metric (else the chart says nothing). */
  boolean hasData(List<ScenarioResult> variants) {
    return variants.stream().flatMap(r -> r.timeline().stream())
        .anyMatch(p -> metric.applyAsDouble(p) != 0);
  }

  /** The chart as an {@code <svg>} element, without XML prolog, ready to inline in HTML. */
  String render(List<ScenarioResult> variants) throws IOException {
    XYChart chart = new XYChartBuilder().width(620).height(340).title(title)
        .xAxisTitle("seconds").yAxisTitle(yAxis).build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    for (ScenarioResult r : variants) {
      List<TimelinePoint> points = r.timeline();
      double[] x = new double[Math.max(1, points.size())];
      double[] y = new double[x.length];
      for (int i = 0; i < points.size(); i++) {
        x[i] = points.get(i).second();
        y[i] = metric.applyAsDouble(points.get(i));
      }
      chart.addSeries(r.variant(), x, y).setMarker(SeriesMarkers.NONE);
    }
    ByteArrayOutputStream svg = new ByteArrayOutputStream();
    VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsFormat.SVG);
    return inlineable(svg.toString(StandardCharsets.UTF_8));
  }

  /** Coordinates with more than one decimal (XChart draws text as glyph outlines). */
  private static final java.util.regex.Pattern LONG_DECIMALS =
      java.util.regex.Pattern.compile("(-?\\d+\\.\\d)\\d+");

  /**
   * The SVG element alone, its coordinates rounded to a tenth of a pixel: XChart draws every
   * letter as a path, and rounding halves the page without a visible difference.
   */
  static String inlineable(String svg) {
    int start = svg.indexOf("<svg");
    String element = start < 0 ? svg : svg.substring(start);
    return LONG_DECIMALS.matcher(element).replaceAll("$1");
  }
}
