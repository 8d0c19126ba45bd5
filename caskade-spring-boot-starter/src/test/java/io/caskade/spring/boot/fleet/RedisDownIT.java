package io.caskade.spring.boot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.spring.boot.health.CaskadeL2HealthIndicator;
import io.caskade.testkit.RedisProcess;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** Redis (this test's own redis-server) is killed: requests are still served. */
class RedisDownIT {

  @Test
  void requestsAreServedFromTheProtectedSourceWhileRedisIsDead() {
    try (RedisProcess redis = RedisProcess.start();
        Fleet fleet = new Fleet(new UserTable(Duration.ofMillis(5)), 1,
            "caskade.redis.url=" + redis.uri(), "caskade.redis.command-timeout=200ms",
            "caskade.max-concurrent-loads=4", "caskade.load-timeout=2s")) {
      UserService service = fleet.service(0);
      CaskadeL2HealthIndicator health = fleet.bean(0, CaskadeL2HealthIndicator.class);
      fleet.table.save(1, "cached before");
      assertThat(service.find(1).name()).isEqualTo("cached before");
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);

      redis.kill();

      assertThat(service.find(1).name()).isEqualTo("cached before");
      AtomicLong id = new AtomicLong(100);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        long next = id.incrementAndGet();
        fleet.table.save(next, "row " + next);
        assertThat(service.find(next).name()).isEqualTo("row " + next);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
      });
      int reads = fleet.table.reads();
      assertThat(service.find(id.get()).name()).isEqualTo("row " + id.get());
      assertThat(fleet.table.reads()).isEqualTo(reads); // still cached, in L1
    }
  }
}
