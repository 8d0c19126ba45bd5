package io.caskade.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.caskade.testkit.RedisProcess;
import io.caskade.tier.TierException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redis killed, paused and restarted under a tier: fail fast, queue, replay, recover. */
class RedisFailureTest {

  private static final Duration FAST = Duration.ofMillis(200 + 300); // command timeout + margin

  private final RedisProcess redis = RedisProcess.start();
  private final String name = Tiers.uniqueName("fail");
  private final RedisTier<String, String> tier =
      Tiers.on(RedisConfig.standalone(redis.uri()), name).build();

  @AfterEach
  void stop() {
    tier.close();
    redis.close();
  }

  @Test
  void whenKilledCallsFailFastThenRecoverAfterRestart() {
    tier.put("k", Entries.fresh("v"));
    redis.kill();
    for (int i = 0; i < 20; i++) {
      assertFailsFast(() -> tier.get("k"));
      assertFailsFast(() -> tier.getAll(List.of("k", "j")));
      assertFailsFast(() -> tier.leases().acquire("k"));
    }
    assertThat(tier.stats().circuitRejected()).as("breaker opened").isPositive();
    redis.restart();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .untilAsserted(() -> {
          tier.put("k", Entries.fresh("v2"));
          assertThat(tier.get("k").value()).isEqualTo("v2");
        });
    assertThat(tier.stats().circuitState()).isEqualTo("CLOSED");
  }

  @Test
  void whenPausedCallsTimeOutFastAndInvalidationsAreReplayedOnResume() {
    try (RawRedis raw = new RawRedis(redis.uri())) {
      tier.put("stale", Entries.fresh("old"));
      tier.put("other", Entries.fresh("keep"));
      String staleKey = tier.redisKey("stale");
      redis.pause();
      assertFailsFast(() -> tier.get("stale"));
      assertFailsFast(() -> {
        tier.invalidate("stale");
        return null;
      });
      assertFailsFast(() -> {
        tier.invalidate("stale");
        return null;
      });
      assertThat(tier.stats().pendingInvalidations()).as("last per key").isEqualTo(1);
      redis.resume();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> tier.stats().pendingInvalidations() == 0);
      assertThat(tier.stats().replayedInvalidations()).isPositive();
      assertThat(raw.sync().exists(staleKey)).as("replayed delete").isZero();
      await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
          .until(() -> "keep".equals(tier.get("other").value()));
    }
  }

  @Test
  void invalidationsFromAnOutageReachOtherInstancesAfterRecovery() {
    try (RedisTier<String, String> other =
        Tiers.on(RedisConfig.standalone(redis.uri()), name).build()) {
      RecordingListener heard = new RecordingListener();
      other.subscribe(heard);
      tier.put("a", Entries.fresh("1"));
      redis.pause();
      assertFailsFast(() -> {
        tier.invalidate("a");
        return null;
      });
      assertFailsFast(() -> {
        tier.invalidateAll();
        return null;
      });
      // a tag bump never throws: it applies locally at once and is queued
      long start = System.nanoTime();
      assertThat(tier.tagVersions().bump("t")).as("a local version Redis never issues")
          .isNegative();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
      assertThat(tier.stats().pendingInvalidations()).isEqualTo(3);
      redis.resume();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        assertThat(heard.keys).contains("a");
        assertThat(heard.all.get()).isPositive();
        assertThat(heard.tags).contains("t");
      });
      // replay is at-least-once: a bump sent before the pause may still land when Redis resumes
      // and be replayed as well; an extra bump only invalidates more, never less
      assertThat(other.tagVersions().current("t")).isPositive();
      assertThat(other.redisKey("a")).doesNotContain(":0:a}");
    }
  }

  @Test
  void aLostSubscriptionIsCountedAndClearsL1WhenItComesBack() {
    RecordingListener heard = new RecordingListener();
    tier.subscribe(heard);
    assertThat(tier.isBusUp()).isTrue();
    redis.kill();
    await().atMost(Duration.ofSeconds(5)).until(() -> !tier.isBusUp());
    assertThat(tier.stats().busGaps()).isEqualTo(1);
    redis.restart();
    await().atMost(Duration.ofSeconds(10)).until(tier::isBusUp);
    assertThat(tier.stats().busResubscribed()).isEqualTo(1);
    assertThat(heard.all.get()).isEqualTo(1);

    try (RedisTier<String, String> other =
        Tiers.on(RedisConfig.standalone(redis.uri()), name).build()) {
      other.invalidate("x");
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.keys.contains("x"));
    }
  }

  private static void assertFailsFast(Supplier<?> call) {
    long start = System.nanoTime();
    assertThatThrownBy(call::get).isInstanceOf(TierException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
  }
}
