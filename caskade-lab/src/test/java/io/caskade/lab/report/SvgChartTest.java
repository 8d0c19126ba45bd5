package io.caskade.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SvgChartTest {

  @Test
  void inlinedSvgDropsTheXmlPrologAndRoundsCoordinatesToATenth() {
    String svg = "<?xml version=\"1.0\"?>\n<svg version=\"1.1\" width=\"620px\">"
        + "<path d=\"M-5.203125,-4.09375 Q12.5,3 7.25,10\" style=\"fill:rgb(255,0,0)\"/></svg>";

    assertThat(SvgChart.inlineable(svg)).isEqualTo("<svg version=\"1.1\" width=\"620px\">"
        + "<path d=\"M-5.2,-4.0 Q12.5,3 7.2,10\" style=\"fill:rgb(255,0,0)\"/></svg>");
  }
}
