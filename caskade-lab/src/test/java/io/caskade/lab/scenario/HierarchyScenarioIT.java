package io.caskade.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HierarchyScenarioIT {

  @Test
  void eachLayerAbsorbsTrafficFromTheOneBelow() throws Exception {
    Map<String, ScenarioResult> r = Labs.run(new HierarchyScenario(),
        Labs.settings(32, Duration.ofMillis(1_500)), HierarchyScenario.L1_ONLY,
        HierarchyScenario.L1_L2);

    ScenarioResult l1 = r.get(HierarchyScenario.L1_ONLY);
    ScenarioResult both = r.get(HierarchyScenario.L1_L2);
    assertThat(l1.l1HitRatio()).isPositive();
    assertThat(both.l1HitRatio()).isPositive();
    assertThat(both.l2HitRatio()).isGreaterThan(0.9);
    assertThat(both.sourceShare()).isLessThan(l1.sourceShare());
    assertThat(both.extras()).containsEntry("originShare", 1.0).containsKeys("l1Share",
        "l2Share", "browserShare", "cdnShare");
  }

  /** With Varnish installed (CI installs it): browser caches, then Varnish, then L1 and L2. */
  @Test
  void theHttpLayersAbsorbMostRequestsBeforeTheOrigin() throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!HttpLayers.available()) {
      assertThat(ci).as("CI=true and varnishd is missing: " + HttpLayers.INSTALL).isFalse();
      org.junit.jupiter.api.Assumptions.abort("varnishd not installed");
    }
    assertThat(new HierarchyScenario().variants())
        .contains(HierarchyScenario.BROWSER_CDN_L1_L2);
    ScenarioResult r = Labs.run(new HierarchyScenario(),
        Labs.settings(32, Duration.ofMillis(2_500)), HierarchyScenario.BROWSER_CDN_L1_L2)
        .get(HierarchyScenario.BROWSER_CDN_L1_L2);
    assertThat(r.errors()).isZero();
    assertThat((double) r.extras().get("browserHitRatio")).isPositive();
    assertThat((double) r.extras().get("cdnHitRatio")).isPositive();
    assertThat((double) r.extras().get("originShare")).isLessThan(1.0);
    double sum = 0;
    for (String layer : java.util.List.of("browser", "cdn", "l1", "l2", "source")) {
      sum += (double) r.extras().get(layer + "Share");
    }
    assertThat(sum).isBetween(0.95, 1.05);
  }
}
