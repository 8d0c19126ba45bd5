package io.caskade.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caskade.Cache;
import io.caskade.CacheLoader;
import io.caskade.Caskade;
import io.caskade.Lookup;
import io.caskade.metrics.CacheEventType;
import io.caskade.source.Source;
import io.caskade.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WarmUpTest {

  private static List<Integer> keys(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  /** Most loadAll starts inside any one-second window beginning at a start. */
  private static int maxPerSecond(List<Long> starts) {
    List<Long> sorted = new ArrayList<>(starts);
    Collections.sort(sorted);
    int max = 0;
    for (int i = 0, j = 0; i < sorted.size(); i++) {
      while (j < sorted.size() && sorted.get(j) - sorted.get(i) < TimeUnit.SECONDS.toNanos(1)) {
        j++;
      }
      max = Math.max(max, j - i);
    }
    return max;
  }

  @Test
  void fiveThousandKeysNeverLoadFasterThanTheSourceAllowsAndTheCountsAddUp() {
    int perSecond = 20;
    List<Long> starts = Collections.synchronizedList(new ArrayList<>());
    List<Set<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    CacheLoader<Integer, String> loader = CacheLoader.bulk(k -> "v" + k, ks -> {
      starts.add(System.nanoTime());
      batches.add(Set.copyOf(ks));
      if (ks.contains(1234)) {
        throw new IOException("poisoned batch");
      }
      Map<Integer, String> found = new HashMap<>();
      for (Integer k : ks) {
        if (k % 10 != 9) {
          found.put(k, "v" + k);
        }
      }
      return found;
    });
    List<WarmUpProgress> progress = new ArrayList<>();
    try (Source db = Source.builder("db").maxLoadsPerSecond(perSecond)
            .maxWait(Duration.ofSeconds(1)).build();
         Cache<Integer, String> cache = Caskade.<Integer, String>builder("warm-rate")
             .loader(loader).source(db).build()) {
      keys(0, 250).forEach(k -> cache.put(k, "v" + k));

      WarmUpResult result = WarmUp.of(cache).batchSize(100).progress(progress::add)
          .run(keys(0, 5000));

      // 250..4999 hold 475 keys ending in 9; 10 of them are in the poisoned batch 1200..1299.
      assertThat(result.requested()).isEqualTo(5000);
      assertThat(result.alreadyCached()).isEqualTo(250);
      assertThat(result.failed()).isEqualTo(100);
      assertThat(result.notFound()).isEqualTo(465);
      assertThat(result.loaded()).isEqualTo(5000 - 250 - 100 - 465);
      assertThat(result.batches()).isEqualTo(48);
      assertThat(result.failedBatches()).isEqualTo(1);
      assertThat(result.lastFailure()).get().asInstanceOf(
          org.assertj.core.api.InstanceOfAssertFactories.THROWABLE).hasRootCauseMessage(
          "poisoned batch");
      assertThat(result.loaded() + result.notFound() + result.failed() + result.alreadyCached())
          .isEqualTo(result.requested());

      assertThat(starts).hasSize(48);
      assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(100));
      int peak = maxPerSecond(starts);
      assertThat(peak).as("loads in any one-second window, measured in the loader")
          .isLessThanOrEqualTo(perSecond + 1)
          .as("the limiter was the bottleneck").isGreaterThanOrEqualTo(perSecond / 2);
      assertThat(result.elapsed()).isGreaterThan(Duration.ofMillis(47 * 1000 / perSecond - 100));

      assertThat(progress).hasSize(50);
      assertThat(progress).extracting(WarmUpProgress::done).isSorted();
      assertThat(progress.get(49)).isEqualTo(new WarmUpProgress(5000, 5000, result.loaded(),
          result.notFound(), result.failed(), result.alreadyCached()));

      assertThat(cache.lookup(4000).value()).contains("v4000");
      assertThat(cache.lookup(4009).isNotFound()).isTrue();
      assertThat(cache.lookup(1250).isCached()).as("the failed batch left nothing").isFalse();
    }
  }

  @Test
  void aSecondWarmUpFindsEverythingCachedAndLoadsNothing() {
    AtomicInteger bulkLoads = new AtomicInteger();
    try (Cache<Integer, String> cache = Caskade.<Integer, String>builder("warm-twice")
        .loader(CacheLoader.bulk(k -> "v" + k, ks -> {
          bulkLoads.incrementAndGet();
          Map<Integer, String> m = new HashMap<>();
          ks.forEach(k -> m.put(k, "v" + k));
          return m;
        })).build()) {
      WarmUpResult first = WarmUp.of(cache).run(keys(0, 300));
      WarmUpResult second = WarmUp.of(cache).run(List.of(5, 5, 6, 7));

      assertThat(first.loaded()).isEqualTo(300);
      assertThat(bulkLoads.get()).isEqualTo(3);
      assertThat(second.requested()).as("duplicates count once").isEqualTo(3);
      assertThat(second.alreadyCached()).isEqualTo(3);
      assertThat(second.batches()).isZero();
      assertThat(bulkLoads.get()).isEqualTo(3);
      assertThat(cache.stats().count(CacheEventType.L1_HIT)).as("warm-up lookups are not hits")
          .isZero();
    }
  }

  @Test
  void aBrokenSourceFailsBatchesWithoutThrowingAndStaleIfErrorValuesCountAsFailed() {
    FakeClock clock = new FakeClock();
    AtomicBoolean down = new AtomicBoolean();
    try (Cache<Integer, String> cache = Caskade.<Integer, String>builder("warm-broken")
        .clock(clock).ttl(Duration.ofMinutes(1)).staleIfError(Duration.ofMinutes(10))
        .loader(k -> {
          if (down.get()) {
            throw new IOException("database down");
          }
          return "v" + k;
        }).build()) {
      keys(0, 10).forEach(cache::get);
      clock.advance(Duration.ofMinutes(2)); // past the TTL, inside stale-if-error
      down.set(true);

      WarmUpResult result = WarmUp.of(cache).batchSize(10).progress(p -> { }).run(keys(0, 30));

      assertThat(result.failed()).isEqualTo(30);
      assertThat(result.loaded()).isZero();
      assertThat(result.failedBatches()).as("keys 10..29: two batches that threw").isEqualTo(2);
      assertThat(cache.stats().count(CacheEventType.STALE_SERVED_SIE)).isEqualTo(10);
      assertThat(result.isComplete()).isFalse();
    }
  }

  @Test
  void aBatchTurnedAwayByTheRateLimiterIsRetriedAfterAPause() {
    CacheLoader<Integer, String> loader = k -> "v" + k;
    try (Source db = Source.builder("db").maxLoadsPerSecond(5).maxWait(Duration.ZERO).build();
         Cache<Integer, String> patient = Caskade.<Integer, String>builder("warm-retry")
             .loader(loader).source(db).build();
         Cache<Integer, String> impatient = Caskade.<Integer, String>builder("warm-no-retry")
             .loader(loader).source(db).build()) {
      WarmUpResult retried = WarmUp.of(patient).batchSize(10)
          .retries(10, Duration.ofMillis(50)).run(keys(0, 30));
      WarmUpResult given = WarmUp.of(impatient).batchSize(10)
          .retries(0, Duration.ZERO).run(keys(0, 30));

      assertThat(retried.loaded()).isEqualTo(30);
      assertThat(retried.failedBatches()).isZero();
      assertThat(given.failedBatches()).as("5/s, no waiting: the next permit is 200ms away")
          .isGreaterThanOrEqualTo(2);
      assertThat(given.failed()).isEqualTo(10 * given.failedBatches());
    }
  }

  @Test
  void aProgressCallbackThatThrowsDoesNotStopTheWarmUp() {
    try (Cache<Integer, String> cache = Caskade.<Integer, String>builder("warm-callback")
        .loader(k -> "v" + k).build()) {
      WarmUpResult result = WarmUp.of(cache).batchSize(10).progress(p -> {
        throw new IllegalStateException("boom");
      }).run(keys(0, 50));
      assertThat(result.loaded()).isEqualTo(50);
    }
  }

  @Test
  void badArgumentsAreRejected() {
    try (Cache<Integer, String> cache = Caskade.<Integer, String>builder("warm-args")
        .loader(k -> "v" + k).build()) {
      assertThatThrownBy(() -> WarmUp.of(cache).run(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> WarmUp.of(cache).run(java.util.Arrays.asList(1, null)))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> WarmUp.of(cache).batchSize(0).progress(p -> { }).run(List.of(1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> WarmUp.of(cache).runSnapshot(null))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("store");
      assertThat(WarmUp.of(cache).run(List.of()).requested()).isZero();
    }
  }

  @Test
  void resultsAreRecordedInMicrometer() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WarmUpResult result = new WarmUpResult(10, 5, 2, 1, 2, 1, 1, Duration.ofMillis(30),
        java.util.Optional.empty());
    WarmUpMetrics.record(registry, "users", result);
    WarmUpMetrics.record(registry, "users", result);

    assertThat(registry.get("caskade.warmup.keys").tag("outcome", "loaded").counter().count())
        .isEqualTo(10.0);
    assertThat(registry.get("caskade.warmup.keys").tag("outcome", "already_cached").counter()
        .count()).isEqualTo(4.0);
    assertThat(registry.get("caskade.warmup.duration").timer().count()).isEqualTo(2);
    assertThatThrownBy(() -> new WarmUpResult(10, 5, 2, 1, 1, 1, 1, Duration.ZERO,
        java.util.Optional.empty())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lookupReportsAbsentForStaleIfErrorOnlyEntries() {
    // The warm-up's "served stale, so failed" rule rests on this.
    FakeClock clock = new FakeClock();
    try (Cache<Integer, String> cache = Caskade.<Integer, String>builder("warm-lookup")
        .clock(clock).ttl(Duration.ofMinutes(1)).staleIfError(Duration.ofMinutes(10))
        .loader(k -> "v" + k).build()) {
      cache.get(1);
      clock.advance(Duration.ofMinutes(2));
      assertThat(cache.lookup(1).state()).isEqualTo(Lookup.State.ABSENT);
    }
  }
}
