package io.caskade.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftScenarioTest {

  @Test
  void writesThatBypassTheCacheDriftUntilTheAuditRepairsThem() throws Exception {
    Map<String, ScenarioResult> r = Labs.run(new DriftScenario(),
        Labs.settings(32, Duration.ofSeconds(2)), DriftScenario.NO_AUDIT, DriftScenario.AUDIT);

    ScenarioResult none = r.get(DriftScenario.NO_AUDIT);
    ScenarioResult audit = r.get(DriftScenario.AUDIT);
    assertThat((Long) none.extras().get("writes")).isPositive();
    assertThat((Long) none.extras().get("drifted")).isPositive();
    assertThat((Long) none.extras().get("repaired")).isZero();
    assertThat((Long) audit.extras().get("repaired")).isPositive();
  }
}
