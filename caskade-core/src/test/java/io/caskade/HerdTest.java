package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.metrics.CacheEventType;
import io.caskade.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;

/** Thundering herd: many callers of one expired key cause exactly one load. */
class HerdTest {

  private static final int THREADS = 1_000;

  @RepeatedTest(20)
  void thousandCallersOfAnExpiredKeyCauseOneLoad() throws Exception {
    FakeClock clock = new FakeClock();
    AtomicInteger version = new AtomicInteger();
    CountDownLatch allJoined = new CountDownLatch(THREADS - 1);
    AtomicInteger loads = new AtomicInteger();
    try (Cache<String, String> cache = Caskade.<String, String>builder("herd")
        .clock(clock)
        .ttl(Duration.ofSeconds(10))
        .listener(e -> {
          if (e.type() == CacheEventType.COALESCED) {
            allJoined.countDown();
          }
        })
        .loader(key -> {
          int n = loads.incrementAndGet();
          if (n > 1) {
            // Hold the load until every other caller has joined it, so they all pile up.
            allJoined.await(20, TimeUnit.SECONDS);
          }
          return "v" + version.incrementAndGet();
        })
        .build()) {
      assertThat(cache.get("hot")).isEqualTo("v1");
      clock.advance(Duration.ofSeconds(11)); // expired: every caller misses

      CountDownLatch start = new CountDownLatch(1);
      Set<String> seen = ConcurrentHashMap.newKeySet();
      List<Throwable> errors = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        Thread t = new Thread(() -> {
          try {
            start.await();
            seen.add(cache.get("hot"));
          } catch (Throwable e) {
            synchronized (errors) {
              errors.add(e);
            }
          }
        });
        t.start();
        threads.add(t);
      }
      start.countDown();
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(30));
      }

      assertThat(errors).isEmpty();
      assertThat(loads).hasValue(2); // the first fill, then exactly one for the herd
      assertThat(seen).containsExactly("v2");
      assertThat(cache.stats().count(CacheEventType.COALESCED)).isEqualTo(THREADS - 1);
    }
  }
}
