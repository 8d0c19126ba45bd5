package io.caskade.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lab's L2 scenarios with {@code --l2 memcached}: three memcached servers of the lab's own. */
class MemcachedL2IT {

  private static LabSettings memcached(int clients, Duration duration) {
    LabSettings s = Labs.settings(clients, duration);
    return new LabSettings(s.jdbcUrl(), s.dbUser(), s.redisUrl(), s.instances(), s.clients(),
        s.duration(), s.maxRequests(), s.keys(), s.zipf(), s.sourceLatency(), s.sourceCapacity(),
        s.sourceQueueTimeout(), s.seed(), s.thinkTime(), "memcached");
  }

  @Test
  void fleetLeasesOnMemcachedLoadTheHotKeyOnceAcrossInstances() throws Exception {
    var r = Labs.run(new HerdScenario(), memcached(32, Duration.ofSeconds(4)),
        HerdScenario.SINGLE_FLIGHT, HerdScenario.FLEET_LEASE);
    ScenarioResult lease = r.get(HerdScenario.FLEET_LEASE);
    ScenarioResult single = r.get(HerdScenario.SINGLE_FLIGHT);
    assertThat(lease.errors()).isZero();
    assertThat(lease.sourceQueries()).as("one load per expiry across the 2 instances, not one "
        + "per instance").isLessThan(single.sourceQueries());
  }

  @Test
  void killingOneOfThreeServersCausesNoErrorsOfItsOwn() throws Exception {
    ScenarioResult r = Labs.run(new RedisDownScenario(), memcached(32, Duration.ofSeconds(4)),
        RedisDownScenario.DEFAULTS).get(RedisDownScenario.DEFAULTS);
    assertThat(r.requests()).isPositive();
    assertThat((Long) r.extras().get("cacheErrors")).isZero();
    assertThat(r.l2HitRatio()).isPositive();
  }
}
