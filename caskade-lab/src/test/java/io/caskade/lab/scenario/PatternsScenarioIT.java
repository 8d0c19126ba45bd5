package io.caskade.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PatternsScenarioIT {

  private static long extra(ScenarioResult r, String field) {
    return ((Number) r.extras().get(field)).longValue();
  }

  @Test
  void writeBehindCoalescesAndBatchesWritesAndEveryWriteReachesTheDatabase() throws Exception {
    PatternsScenario scenario = new PatternsScenario();
    Map<String, ScenarioResult> r = Labs.run(scenario, Labs.settings(32, Duration.ofSeconds(2)),
        scenario.variants().toArray(new String[0]));

    for (ScenarioResult v : r.values()) {
      // the write clock hands out ~100 writes/s whatever the variant: 2s of it, at least half
      assertThat(extra(v, "writes")).as("writes of %s", v.variant()).isGreaterThan(100);
      assertThat(extra(v, "lostWrites")).as("lost writes of %s", v.variant()).isZero();
      assertThat(v.extras().get("allWritesInDb")).as(v.variant()).isEqualTo(true);
      assertThat(v.sourceQueries()).as("source queries of %s", v.variant()).isPositive();
    }
    ScenarioResult through = r.get(PatternsScenario.WRITE_THROUGH);
    // synchronous writes: one query per acknowledged write
    assertThat(extra(through, "sourceWrites")).isGreaterThanOrEqualTo(extra(through, "writes"));
    for (String behind : new String[] {PatternsScenario.WRITE_BEHIND_MEMORY,
        PatternsScenario.WRITE_BEHIND_DURABLE}) {
      ScenarioResult wb = r.get(behind);
      // batches of up to 100 keys at least every 200ms, per instance: ~10 per second each, against
      // ~100 writes per second; and hot keys written twice in a batch are written once
      assertThat(extra(wb, "sourceWrites")).as("source writes of %s", behind)
          .isLessThan(extra(through, "sourceWrites") / 2);
      assertThat(extra(wb, "rowsWritten")).as("rows written by %s", behind)
          .isLessThan(extra(wb, "writes"));
      assertThat(extra(wb, "coalesced")).as("coalesced by %s", behind).isPositive();
    }
  }
}
