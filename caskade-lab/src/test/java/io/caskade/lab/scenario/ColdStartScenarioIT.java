package io.caskade.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColdStartScenarioIT {

  @Test
  void aProtectedSourceNeverQueuesAndStaleIfErrorServesThroughAnOutage() throws Exception {
    Map<String, ScenarioResult> r = Labs.run(new ColdStartScenario(),
        Labs.settings(100, Duration.ofSeconds(2)), ColdStartScenario.RATE_LIMITED,
        ColdStartScenario.STALE_IF_ERROR);

    ScenarioResult limited = r.get(ColdStartScenario.RATE_LIMITED);
    assertThat((Long) limited.extras().get("sourceRejected")).isZero();
    assertThat(limited.sourceQueries()).isPositive();

    ScenarioResult sie = r.get(ColdStartScenario.STALE_IF_ERROR);
    assertThat(sie.staleServed()).isPositive();
    assertThat(sie.errors()).isZero();
  }

  @Test
  void warmUpFillsTheHottestKeysBeforeTrafficUnderTheSourceLimits() throws Exception {
    ScenarioResult warm = Labs.run(new ColdStartScenario(),
        Labs.settings(32, Duration.ofSeconds(1)), ColdStartScenario.WARM_UP)
        .get(ColdStartScenario.WARM_UP);

    // 2 instances x the hottest 100 of 1,000 keys, in batches of 100: one query per batch
    assertThat((Long) warm.extras().get("warmedKeys")).isEqualTo(200);
    assertThat((Long) warm.extras().get("warmUpQueries")).isEqualTo(2);
    assertThat((Long) warm.extras().get("sourceRejected")).isZero();
    assertThat(warm.l1HitRatio()).isPositive();
  }

  @Test
  void theDefendedStartWarmsFromTheSnapshotBeforeTrafficAndEveryCallerWaitsItsTurn()
      throws Exception {
    ScenarioResult defended = Labs.run(new ColdStartScenario(),
        Labs.settings(100, Duration.ofSeconds(2)), ColdStartScenario.DEFENDED)
        .get(ColdStartScenario.DEFENDED);

    // the snapshot holds all 1,000 keys: the first instance loads them in 10 batches of 100,
    // the second finds them in L2 (or loads the odd batch itself); nothing is left for the
    // source once traffic starts
    assertThat((Long) defended.extras().get("warmedKeys")).as(defended.toString())
        .isEqualTo(2_000);
    assertThat((Long) defended.extras().get("warmUpQueries")).isBetween(10L, 20L);
    assertThat(defended.errors()).as(defended.toString()).isZero();
    assertThat((Long) defended.extras().get("sourceRejected")).isZero();
    assertThat(defended.sourceQueries()).as(defended.toString()).isZero();
  }
}
