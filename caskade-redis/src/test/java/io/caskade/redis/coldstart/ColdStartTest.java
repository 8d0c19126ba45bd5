package io.caskade.redis.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caskade.Cache;
import io.caskade.CacheLoadException;
import io.caskade.CacheLoader;
import io.caskade.Caskade;
import io.caskade.metrics.CacheEventType;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.codec.StringCodec;
import io.caskade.source.Source;
import io.caskade.source.SourceRejectedException;
import io.caskade.testkit.RedisServers;
import io.caskade.time.FakeClock;
import io.caskade.warmup.WarmUp;
import io.caskade.warmup.WarmUpResult;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A new instance starts while the source is down: what L2 (Redis) holds inside stale-if-error is
 * served and counted; past it, loads fail with {@link CacheLoadException}.
 */
class ColdStartTest {

  private static final Duration TTL = Duration.ofMinutes(1);
  private static final Duration SIE = Duration.ofMinutes(10);

  private final String name = "cold-" + UUID.randomUUID().toString().substring(0, 8);
  private final FakeClock clock = new FakeClock();
  private final AtomicInteger brokenCalls = new AtomicInteger();

  private Cache<String, String> instance(CacheLoader<String, String> loader, Source source) {
    RedisTier<String, String> tier = RedisTier.builder(
            RedisConfig.standalone(RedisServers.shared()), name, KeyCodec.strings(),
            StringCodec.utf8())
        .clock(clock).build();
    return Caskade.<String, String>builder(name).clock(clock).l2(tier).ttl(TTL)
        .staleIfError(SIE).loader(loader).source(source).build();
  }

  private String broken(String key) throws IOException {
    brokenCalls.incrementAndGet();
    throw new IOException("database down");
  }

  private void fillThroughAnEarlierInstance(List<String> keys) {
    try (Cache<String, String> earlier = instance(k -> "v-" + k,
        Source.unprotected("db-up", Duration.ofSeconds(5)))) {
      keys.forEach(earlier::get);
    }
  }

  private static List<String> keys() {
    return IntStream.range(0, 20).mapToObj(i -> "k" + i).toList();
  }

  @Test
  void insideStaleIfErrorTheRestartedInstanceServesL2AndCountsIt() {
    fillThroughAnEarlierInstance(keys());
    clock.advance(TTL.plusMinutes(2)); // stale, inside stale-if-error

    try (Source down = Source.builder("db-down").build();
         Cache<String, String> restarted = instance(this::broken, down)) {
      for (String key : keys()) {
        assertThat(restarted.get(key)).isEqualTo("v-" + key);
      }
      assertThat(restarted.getAll(List.of("k1", "k2"))).containsEntry("k1", "v-k1")
          .containsEntry("k2", "v-k2");

      assertThat(brokenCalls.get()).as("the source was tried").isGreaterThanOrEqualTo(20);
      assertThat(restarted.stats().count(CacheEventType.STALE_SERVED_SIE)).isEqualTo(22);
      assertThat(restarted.stats().count(CacheEventType.LOAD_FAILURE)).isEqualTo(22);
    }
  }

  @Test
  void withAnOpenCircuitTheSourceIsNotEvenTriedAndStaleIsStillServed() {
    fillThroughAnEarlierInstance(keys());
    clock.advance(TTL.plusMinutes(2));

    try (Source down = Source.builder("db-breaker").circuitBreaker().build();
         Cache<String, String> restarted = instance(this::broken, down)) {
      for (int round = 0; round < 3; round++) {
        for (String key : keys()) {
          assertThat(restarted.get(key)).isEqualTo("v-" + key);
        }
      }
      assertThat(down.circuitBreaker().getState().name()).isEqualTo("OPEN");
      assertThat(brokenCalls.get()).as("the breaker spared the source").isLessThan(60);
      assertThat(restarted.stats().count(CacheEventType.STALE_SERVED_SIE)).isEqualTo(60);
    }
  }

  @Test
  void aWarmUpDuringTheOutageCountsFailuresAndThrowsNothing() {
    fillThroughAnEarlierInstance(keys().subList(0, 10));
    clock.advance(TTL.plusMinutes(2));

    try (Source down = Source.builder("db-down").build();
         Cache<String, String> restarted = instance(this::broken, down)) {
      WarmUpResult result = WarmUp.of(restarted).batchSize(10).progress(p -> { }).run(keys());

      assertThat(result.failed()).isEqualTo(20);
      assertThat(result.failedBatches()).as("k10..k19 had nothing stale").isEqualTo(1);
      assertThat(restarted.stats().count(CacheEventType.STALE_SERVED_SIE)).isEqualTo(10);
    }
  }

  @Test
  void pastStaleIfErrorTheRestartedInstanceFailsWithCacheLoadException() {
    fillThroughAnEarlierInstance(keys());
    clock.advance(TTL.plus(SIE).plusSeconds(1));

    try (Source down = Source.builder("db-down").build();
         Cache<String, String> restarted = instance(this::broken, down)) {
      assertThatThrownBy(() -> restarted.get("k1")).isInstanceOf(CacheLoadException.class)
          .hasRootCauseInstanceOf(IOException.class);
      assertThatThrownBy(() -> restarted.getAll(List.of("k2", "k3")))
          .isInstanceOf(CacheLoadException.class);
      assertThat(restarted.stats().count(CacheEventType.STALE_SERVED_SIE)).isZero();
    }
  }

  @Test
  void pastStaleIfErrorWithAnOpenCircuitTheCauseIsTheRejection() {
    fillThroughAnEarlierInstance(keys());
    clock.advance(TTL.plus(SIE).plusSeconds(1));

    try (Source down = Source.builder("db-breaker").circuitBreaker().build();
         Cache<String, String> restarted = instance(this::broken, down)) {
      for (int i = 0; i < 10; i++) {
        String key = "k" + i;
        assertThatThrownBy(() -> restarted.get(key)).isInstanceOf(CacheLoadException.class);
      }
      assertThatThrownBy(() -> restarted.get("k15")).isInstanceOf(CacheLoadException.class)
          .hasCauseInstanceOf(SourceRejectedException.class);
    }
  }
}
