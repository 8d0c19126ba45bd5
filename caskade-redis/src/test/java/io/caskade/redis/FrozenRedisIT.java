package io.caskade.redis;

import io.caskade.codec.KeyCodec;
import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.RedisProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A frozen Redis (SIGSTOP): the README promises that no caller waits on Redis longer than the
 * command timeout. Measured per call, across all of a get's round trips (L2 read, lease, fill),
 * while the breaker closes, opens and is probed again.
 */
class FrozenRedisIT {

  private static final Duration TIMEOUT = Duration.ofMillis(1_000);
  /**
   * Generous (a loaded CI machine stalls threads): the bound is a timeout guarantee, not a
   * performance claim. Two round trips that each wait out the timeout exceed it.
   */
  private static final Duration SLACK = Duration.ofMillis(700);

  private final RedisProcess redis = RedisProcess.start();
  private final String name = Tiers.uniqueName("frozen");
  private final RedisTier<String, String> tier = RedisTier.builder(
          RedisConfig.standalone(redis.uri()), name, KeyCodec.strings(), StringCodec.utf8())
      .commandTimeout(TIMEOUT)
      .circuitBreaker(CircuitBreakerConfig.custom()
          .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
          .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(75)
          .waitDurationInOpenState(Duration.ofMillis(400))
          .permittedNumberOfCallsInHalfOpenState(1).build())
      .recoveryProbeInterval(Duration.ofMillis(50))
      .build();
  private final Cache<String, String> cache = Caskade.<String, String>builder(name)
      .l2(tier).loader(k -> "v-" + k).build();

  @AfterEach
  void stop() {
    cache.close();
    tier.close();
    redis.close();
  }

  @Test
  void noGetWaitsOnAFrozenRedisLongerThanTheCommandTimeout() {
    assertThat(cache.get("warm")).isEqualTo("v-warm");
    redis.pause();
    List<Long> slowest = new ArrayList<>();
    long end = System.nanoTime() + Duration.ofMillis(6_000).toNanos(); // closed, open, half-open
    int i = 0;
    while (System.nanoTime() < end) {
      String key = "new-" + i++;
      long start = System.nanoTime();
      assertThat(cache.get(key)).isEqualTo("v-" + key);
      long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
      slowest.add(tookMs);
      assertThat(tookMs).as("get #%d of a new key on a frozen Redis, all calls: %s", i, slowest)
          .isLessThan(TIMEOUT.plus(SLACK).toMillis());
    }
    System.out.printf("frozen Redis, commandTimeout %d ms: %d gets, slowest %d ms%n",
        TIMEOUT.toMillis(), slowest.size(), slowest.stream().mapToLong(Long::longValue).max()
            .orElse(0));
    assertThat(tier.stats().circuitRejected()).as("the breaker opened").isPositive();
    assertThat(tier.stats().state()).isEqualTo("DOWN");
    redis.resume();
  }

  @Test
  void noGetAllWaitsOnAFrozenRedisLongerThanTheCommandTimeout() {
    assertThat(cache.getAll(List.of("warm-1", "warm-2"))).hasSize(2);
    redis.pause();
    List<Long> took = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      List<String> keys = List.of("a-" + i, "b-" + i, "c-" + i);
      long start = System.nanoTime();
      assertThat(cache.getAll(keys)).containsEntry("a-" + i, "v-a-" + i).hasSize(3);
      took.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
      assertThat(took.get(i)).as("getAll #%d of new keys on a frozen Redis, all: %s", i, took)
          .isLessThan(TIMEOUT.plus(SLACK).toMillis());
    }
    redis.resume();
  }
}
