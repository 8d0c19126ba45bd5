package io.caskade.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheDisabledScenarioIT {

  @Test
  void withoutTheCacheTheSourceSaturatesAndWithItItDoesNot() throws Exception {
    Map<String, ScenarioResult> r = Labs.run(new CacheDisabledScenario(),
        Labs.settings(64, Duration.ofSeconds(2)), CacheDisabledScenario.DISABLED,
        CacheDisabledScenario.ENABLED);

    ScenarioResult disabled = r.get(CacheDisabledScenario.DISABLED);
    ScenarioResult enabled = r.get(CacheDisabledScenario.ENABLED);
    // 64 clients, 8 connections: callers queue for a connection (and may time out)
    assertThat(disabled.peakSourceWaiting() > 0 || disabled.errors() > 0).isTrue();
    assertThat(disabled.sourceQueries()).isEqualTo(disabled.requests() - disabled.errors());
    assertThat(enabled.peakSourceWaiting()).isZero();
    assertThat(enabled.errors()).isZero();
    assertThat((Long) enabled.extras().get("sourceRejected")).isZero();
    assertThat(enabled.sourceQueries()).isLessThan(disabled.sourceQueries());
    assertThat(enabled.l1HitRatio()).isGreaterThan(0.99);
  }
}
