package io.caskade.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColdStartScenarioTest {

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
}
