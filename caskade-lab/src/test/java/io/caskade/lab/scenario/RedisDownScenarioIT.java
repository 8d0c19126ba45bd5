package io.caskade.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisDownScenarioIT {

  @Test
  void killingRedisCausesNoErrorsOfItsOwnAndTheL2ComesBack() throws Exception {
    ScenarioResult r = Labs.run(new RedisDownScenario(), Labs.settings(32, Duration.ofSeconds(4)),
        RedisDownScenario.DEFAULTS).get(RedisDownScenario.DEFAULTS);

    assertThat(r.requests()).isPositive();
    assertThat((Long) r.extras().get("cacheErrors")).isZero();
    assertThat((Double) r.extras().get("recoverySeconds")).isGreaterThanOrEqualTo(0);
    assertThat(r.l2HitRatio()).isPositive();
  }
}
