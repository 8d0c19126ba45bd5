package io.caskade.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PenetrationScenarioIT {

  @Test
  void aBloomFilterKeepsAllButAFewMissingIdsFromTheSource() throws Exception {
    Map<String, ScenarioResult> r = Labs.run(new PenetrationScenario(),
        Labs.settings(100, Duration.ofSeconds(2)), PenetrationScenario.NONE,
        PenetrationScenario.NEGATIVE, PenetrationScenario.BLOOM);

    ScenarioResult none = r.get(PenetrationScenario.NONE);
    ScenarioResult negative = r.get(PenetrationScenario.NEGATIVE);
    ScenarioResult bloom = r.get(PenetrationScenario.BLOOM);
    assertThat(none.sourceQueries()).isGreaterThan(none.requests() / 2);
    assertThat(negative.sourceShare()).isLessThan(none.sourceShare());
    assertThat(bloom.requests()).isPositive();
    assertThat(bloom.sourceQueries()).isLessThanOrEqualTo(bloom.requests() / 50);
    assertThat((Long) bloom.extras().get("penetrationBlocked")).isPositive();
  }
}
