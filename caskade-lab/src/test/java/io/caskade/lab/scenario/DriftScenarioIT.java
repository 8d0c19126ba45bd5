package io.caskade.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftScenarioIT {

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

  @Test
  void changeLogInvalidationLeavesNoDriftWithoutAnAudit() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        io.caskade.testkit.PostgresProcess.available() || io.caskade.testkit.RedisServers.inCi(),
        "PostgreSQL binaries not installed (CI installs the postgresql package)");
    ScenarioResult cdc = Labs.run(new DriftScenario(), Labs.settings(32, Duration.ofSeconds(2)),
        DriftScenario.CDC).get(DriftScenario.CDC);

    assertThat((Long) cdc.extras().get("writes")).isPositive();
    assertThat((Long) cdc.extras().get("drifted")).isZero();
    assertThat((Long) cdc.extras().get("repaired")).isZero();
  }
}
