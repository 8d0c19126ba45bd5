package io.caskade.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HierarchyScenarioTest {

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
  }
}
