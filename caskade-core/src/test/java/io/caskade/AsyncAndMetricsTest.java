package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.metrics.CacheEvent;
import io.caskade.metrics.CacheEventType;
import io.caskade.micrometer.CacheMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsyncAndMetricsTest {

  @Test
  void asyncVariantsLoadOnceAndCompleteWithTheValue() throws Exception {
    CountingLoader<Integer, String> loader = new CountingLoader<>(k -> "v" + k);
    try (Cache<Integer, String> cache = Caskade.<Integer, String>builder("async").loader(loader).build()) {
      List<CompletableFuture<String>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(cache.getAsync(7));
      }
      for (CompletableFuture<String> f : futures) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("v7");
      }
      assertThat(loader.loads).hasValue(1);
      assertThat(cache.getAsync(7).isDone()).as("an L1 hit completes at once").isTrue();
      Map<Integer, String> all = cache.getAllAsync(List.of(1, 2, 7)).get(10, TimeUnit.SECONDS);
      assertThat(all).containsEntry(1, "v1").containsEntry(7, "v7");
      assertThat(cache.getAsync(3, k -> "aside" + k).get(10, TimeUnit.SECONDS)).isEqualTo("aside3");
    }
  }

  @Test
  void asyncFailureCompletesExceptionally() {
    try (Cache<Integer, String> cache = Caskade.<Integer, String>builder("async-fail")
        .loader(k -> {
          throw new IllegalStateException("nope");
        }).build()) {
      CompletableFuture<String> f = cache.getAsync(1);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(CacheLoadException.class);
    }
  }

  @Test
  void statsListenersAndMicrometerSeeTheSameEvents() {
    List<CacheEvent> seen = Collections.synchronizedList(new ArrayList<>());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Cache<Integer, String> cache = Caskade.<Integer, String>builder("metered")
        .loader(k -> k < 0 ? null : "v" + k)
        .listener(seen::add)
        .listener(e -> {
          throw new RuntimeException("a broken listener is logged and skipped");
        })
        .build()) {
      new CacheMetrics(cache).bindTo(registry);
      cache.get(1);
      cache.get(1);
      cache.get(-1);
      cache.get(-1);

      CacheStats stats = cache.stats();
      assertThat(stats.misses()).isEqualTo(2);
      assertThat(stats.l1Hits()).isEqualTo(2);
      assertThat(stats.count(CacheEventType.LOAD_SUCCESS)).isEqualTo(1);
      assertThat(stats.count(CacheEventType.LOAD_NOT_FOUND)).isEqualTo(1);
      assertThat(stats.count(CacheEventType.NEGATIVE_HIT)).isEqualTo(1);
      assertThat(stats.hitRatio()).isEqualTo(0.5);
      assertThat(seen.stream().filter(e -> e.type() == CacheEventType.MISS)).hasSize(2);

      assertThat(registry.get("caskade.gets").tag("result", "l1_hit").functionCounter().count()).isEqualTo(2);
      assertThat(registry.get("caskade.loads").tag("outcome", "success").functionTimer().count()).isEqualTo(1);
      assertThat(registry.get("caskade.penetration.blocked").tag("by", "negative").functionCounter().count())
          .isEqualTo(1);
      assertThat(registry.get("caskade.loads").tag("outcome", "success").functionTimer()
          .totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }
  }
}
