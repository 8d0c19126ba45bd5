package io.caskade.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The fleet herd: 4 instances x 250 threads ask for one missing key at once; the source sees
 * exactly one load, round after round (per-instance single-flight plus the memcached lease).
 */
class FleetHerdIT {

  private static final int INSTANCES = 4;
  private static final int THREADS = 250;
  private static final int ROUNDS = 5;

  @Test
  void oneMissingKeyIsLoadedOnceAcrossTheFleet() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    String name = "herd-" + UUID.randomUUID().toString().substring(0, 8);
    // A generous operation timeout: this test is about leases, not about a loaded laptop's
    // scheduler (a timed-out lease call would rightly fall back to a local load).
    try (Servers servers = Servers.start(3);
        Instances fleet = new Instances(MemcachedConfig.builder(servers.uri())
            .operationTimeout(Duration.ofSeconds(2)).build())) {
      List<Cache<String, String>> caches = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        caches.add(fleet.instance(name, true, k -> {
          loads.incrementAndGet();
          Thread.sleep(100); // a slow source: everyone arrives while it loads
          return "value-of-" + k;
        }, b -> b).cache());
      }
      ExecutorService pool = Executors.newFixedThreadPool(INSTANCES * THREADS);
      try {
        for (int round = 0; round < ROUNDS; round++) {
          String key = "hot-" + round;
          int before = loads.get();
          CountDownLatch go = new CountDownLatch(1);
          List<Future<String>> answers = new ArrayList<>();
          for (Cache<String, String> cache : caches) {
            for (int t = 0; t < THREADS; t++) {
              answers.add(pool.submit(() -> {
                go.await();
                return cache.get(key);
              }));
            }
          }
          go.countDown();
          for (Future<String> f : answers) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("value-of-" + key);
          }
          assertThat(loads.get() - before).as("loads in round " + round).isEqualTo(1);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
