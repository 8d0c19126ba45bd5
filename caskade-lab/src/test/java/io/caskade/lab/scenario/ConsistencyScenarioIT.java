package io.caskade.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.testkit.PostgresProcess;
import io.caskade.testkit.RedisServers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The consistency scenario on the lab's own logical-WAL PostgreSQL, a few seconds per variant. */
class ConsistencyScenarioIT {

  @BeforeAll
  static void needsPostgres() {
    Assumptions.assumeTrue(PostgresProcess.available() || RedisServers.inCi(),
        "PostgreSQL binaries not installed (CI installs the postgresql package)");
  }

  private static LabSettings settings() {
    return new LabSettings(null, null, null, 3, 16, Duration.ofSeconds(3), 5_000_000, 200, 1.0,
        Duration.ofMillis(5), 8, Duration.ofMillis(500), 7, Duration.ofMillis(1), "redis");
  }

  @Test
  void bypassingWritesStayStaleWithDeleteOnWriteAndNeverWithChangeLogInvalidation()
      throws Exception {
    Map<String, ScenarioResult> r = Labs.run(new ConsistencyScenario(), settings(),
        ConsistencyScenario.DELETE_ON_WRITE, ConsistencyScenario.CDC);

    ScenarioResult deleteOnWrite = r.get(ConsistencyScenario.DELETE_ON_WRITE);
    ScenarioResult cdc = r.get(ConsistencyScenario.CDC);
    for (ScenarioResult each : r.values()) {
      assertThat((Long) each.extras().get("reads")).isPositive();
      assertThat((Long) each.extras().get("bypassWrites")).isPositive();
      assertThat(each.extras()).containsKeys("staleReads100ms", "staleReads1s", "staleReads5s",
          "stalePermanent", "ninesAt1s");
    }
    assertThat((Long) deleteOnWrite.extras().get("stalePermanent")).isPositive();
    assertThat((Long) cdc.extras().get("stalePermanent")).isZero();
    assertThat((Double) cdc.extras().get("ninesAt1s"))
        .isGreaterThan((Double) deleteOnWrite.extras().get("ninesAt1s"));
  }

  @Test
  void faultVariantsWriteThroughTheCacheOnlyAndInjectTheirFaults() throws Exception {
    Map<String, ScenarioResult> r = Labs.run(new ConsistencyScenario(), settings(),
        ConsistencyScenario.BUS_FAULTS, ConsistencyScenario.REDIS_RESTART,
        ConsistencyScenario.THROUGH_CACHE);

    for (ScenarioResult each : r.values()) {
      assertThat((Long) each.extras().get("reads")).isPositive();
      assertThat((Long) each.extras().get("writes")).isPositive();
      assertThat((Long) each.extras().get("bypassWrites")).isZero();
    }
    assertThat((Long) r.get(ConsistencyScenario.BUS_FAULTS).extras().get("busKills")).isPositive();
  }

  @Test
  void ninesAreMinusLog10OfTheStaleShareCappedAtNine() {
    assertThat(CommitLog.nines(0, 1_000)).isEqualTo(9.0);
    assertThat(CommitLog.nines(1, 1_000)).isEqualTo(3.0);
    assertThat(CommitLog.nines(1, 10_000_000_000L)).isEqualTo(9.0);
  }
}
