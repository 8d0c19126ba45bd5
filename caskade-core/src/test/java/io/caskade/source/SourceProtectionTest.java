package io.caskade.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caskade.Cache;
import io.caskade.CacheLoadException;
import io.caskade.Caskade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The loader never sees more concurrency or rate than the source allows, under 200 threads. */
class SourceProtectionTest {

  private static final int THREADS = 200;

  @Test
  void bulkheadBoundsConcurrentLoadsAcrossCachesSharingTheSource() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicInteger loads = new AtomicInteger();
    try (Source db = Source.builder("db").maxConcurrentLoads(4).maxWait(Duration.ofSeconds(5)).build();
         Cache<Integer, String> users = cache("users", db, running, peak, loads);
         Cache<Integer, String> orders = cache("orders", db, running, peak, loads)) {
      runThreads(THREADS, i -> (i % 2 == 0 ? users : orders).get(i));
      assertThat(loads.get()).isGreaterThan(4);
      assertThat(peak.get()).as("peak concurrency measured inside the loader").isLessThanOrEqualTo(4);
      assertThat(peak.get()).as("the bulkhead was actually exercised").isEqualTo(4);
    }
  }

  @Test
  void rateLimiterBoundsLoadsPerSecond() throws Exception {
    int perSecond = 50;
    List<Long> starts = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger rejected = new AtomicInteger();
    try (Source db = Source.builder("db").maxLoadsPerSecond(perSecond)
            .maxWait(Duration.ofMillis(1500)).build();
         Cache<Integer, String> cache = Caskade.<Integer, String>builder("rated").source(db)
             .loader(k -> {
               starts.add(System.nanoTime());
               return "v" + k;
             }).build()) {
      runThreads(THREADS, i -> {
        try {
          cache.get(i);
        } catch (CacheLoadException e) {
          assertThat(e).hasRootCauseInstanceOf(SourceRejectedException.class);
          rejected.incrementAndGet();
        }
      });
      assertThat(starts.size()).as("some loads went through").isGreaterThan(perSecond);
      assertThat(rejected.get()).as("the rest were turned away").isGreaterThan(0);
      assertThat(maxInAnySecond(starts)).isLessThanOrEqualTo(perSecond + 1);
    }
  }

  @Test
  void circuitBreakerOpensAfterFailuresAndFailsFast() {
    AtomicInteger calls = new AtomicInteger();
    try (Source db = Source.builder("flaky").circuitBreaker().build();
         Cache<Integer, String> cache = Caskade.<Integer, String>builder("cb").source(db)
             .loader(k -> {
               calls.incrementAndGet();
               throw new IllegalStateException("boom");
             }).build()) {
      for (int i = 0; i < 20; i++) {
        int key = i;
        assertThatThrownBy(() -> cache.get(key)).isInstanceOf(CacheLoadException.class);
      }
      assertThat(calls.get()).as("opened after the minimum number of calls").isEqualTo(10);
      assertThatThrownBy(() -> cache.get(99))
          .isInstanceOf(CacheLoadException.class)
          .hasCauseInstanceOf(SourceRejectedException.class)
          .hasMessageContaining("CIRCUIT_OPEN");
    }
  }

  @Test
  void aHangingLoaderIsCutOffAtTheTimeoutAndOtherKeysStillWork() {
    CountDownLatch never = new CountDownLatch(1);
    try (Cache<String, String> cache = Caskade.<String, String>builder("hang")
        .loadTimeout(Duration.ofMillis(100))
        .loader(k -> {
          if (k.equals("stuck")) {
            never.await();
          }
          return k.toUpperCase();
        }).build()) {
      assertThatThrownBy(() -> cache.get("stuck"))
          .isInstanceOf(CacheLoadException.class)
          .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
      assertThat(cache.get("fine")).isEqualTo("FINE");
      assertThatThrownBy(() -> cache.get("stuck"))
          .as("a later caller starts a new, again bounded, load")
          .isInstanceOf(CacheLoadException.class);
    }
  }

  private static Cache<Integer, String> cache(String name, Source db, AtomicInteger running,
      AtomicInteger peak, AtomicInteger loads) {
    return Caskade.<Integer, String>builder(name).source(db).loader(k -> {
      int now = running.incrementAndGet();
      peak.accumulateAndGet(now, Math::max);
      loads.incrementAndGet();
      try {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // a query's cost
        return "v" + k;
      } finally {
        running.decrementAndGet();
      }
    }).build();
  }

  static int maxInAnySecond(List<Long> startNanos) {
    List<Long> sorted = new ArrayList<>(startNanos);
    Collections.sort(sorted);
    int max = 0;
    int lo = 0;
    for (int hi = 0; hi < sorted.size(); hi++) {
      while (sorted.get(hi) - sorted.get(lo) >= TimeUnit.SECONDS.toNanos(1)) {
        lo++;
      }
      max = Math.max(max, hi - lo + 1);
    }
    return max;
  }

  interface IntTask {
    void run(int i) throws Exception;
  }

  static void runThreads(int n, IntTask task) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      int id = i;
      Thread t = new Thread(() -> {
        try {
          start.await();
          task.run(id);
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertThat(errors).isEmpty();
  }
}
