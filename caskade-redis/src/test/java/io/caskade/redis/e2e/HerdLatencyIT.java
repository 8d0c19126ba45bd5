package io.caskade.redis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.codec.KeyCodec;
import io.caskade.codec.StringCodec;
import io.caskade.metrics.CacheEventType;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.testkit.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The herd of issue 16: 4 instances (4 caches, each with its own {@link RedisTier} and Redis
 * connections, in this one JVM) × 250 threads ask for one key whose load takes 50 ms, all at
 * once, round after round (the key invalidated fleet-wide between rounds). Asserts what must hold
 * on any machine: one load per round, in every measured round (the first
 * {@value #WARM_UP_ROUNDS} rounds warm a cold JVM up and are printed, not asserted). Prints each
 * round's latencies (p50, p99, max over the 1,000 callers, measured from each caller's own start,
 * and each instance's max) and the whole run's: the wall-clock figures are reported, never
 * asserted. Run it with {@code -Dherd.rounds=N} for more rounds.
 */
class HerdLatencyIT {

  private static final int INSTANCES = 4;
  private static final int THREADS_PER_INSTANCE = 250;
  private static final int CALLERS = INSTANCES * THREADS_PER_INSTANCE;
  private static final int WARM_UP_ROUNDS = 3;
  private static final int ROUNDS = Integer.getInteger("herd.rounds", 20);
  private static final long LOAD_MILLIS = 50;

  @Test
  void aFleetWideHerdLoadsOncePerRound() throws Exception {
    String name = "herd-" + UUID.randomUUID().toString().substring(0, 8);
    AtomicInteger loads = new AtomicInteger();
    List<Cache<String, String>> caches = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      RedisTier<String, String> tier = RedisTier.builder(
          RedisConfig.standalone(RedisServers.shared()), name, KeyCodec.strings(),
          StringCodec.utf8()).build();
      caches.add(Caskade.<String, String>builder(name).l2(tier).ttl(Duration.ofMinutes(5))
          .loader(key -> {
            loads.incrementAndGet();
            Thread.sleep(LOAD_MILLIS);
            return "row of " + key;
          }).build());
    }
    for (Cache<String, String> c : caches) {
      c.get("warm"); // connections, scripts and the code paths used once before the herd
    }
    long[] latencies = new long[CALLERS];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CyclicBarrier start = new CyclicBarrier(CALLERS + 1);
    CyclicBarrier end = new CyclicBarrier(CALLERS + 1);
    int totalRounds = WARM_UP_ROUNDS + ROUNDS;
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < CALLERS; t++) {
      int slot = t;
      Cache<String, String> cache = caches.get(t % INSTANCES);
      Thread thread = new Thread(() -> {
        try {
          for (int r = 0; r < totalRounds; r++) {
            start.await();
            long began = System.nanoTime();
            String v = cache.get("hot");
            latencies[slot] = System.nanoTime() - began;
            if (!"row of hot".equals(v)) {
              failure.compareAndSet(null, new AssertionError("got " + v));
            }
            end.await();
          }
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }, "herd-" + t);
      thread.start();
      threads.add(thread);
    }
    List<long[]> measured = new ArrayList<>();
    List<Integer> loadsPerRound = new ArrayList<>();
    try {
      for (int r = 0; r < totalRounds; r++) {
        caches.get(0).invalidate("hot"); // the entry expires fleet-wide
        await().atMost(Duration.ofSeconds(10)).until(() ->
            caches.stream().allMatch(c -> c.getIfPresent("hot") == null));
        int before = loads.get();
        start.await(60, TimeUnit.SECONDS);
        end.await(60, TimeUnit.SECONDS);
        int roundLoads = loads.get() - before;
        loadsPerRound.add(roundLoads);
        long[] round = latencies.clone();
        StringBuilder perInstance = new StringBuilder();
        for (int i = 0; i < INSTANCES; i++) {
          long max = 0;
          for (int t = i; t < CALLERS; t += INSTANCES) {
            max = Math.max(max, latencies[t]);
          }
          perInstance.append(String.format(" %.1f", max / 1e6));
        }
        Arrays.sort(round);
        System.out.printf("herd round %2d%s: loads=%d p50=%s p99=%s max=%s (max per instance:%s)%n",
            r, r < WARM_UP_ROUNDS ? " (warm-up)" : "", roundLoads, ms(round, 0.50),
            ms(round, 0.99), ms(round, 1.0), perInstance);
        if (r >= WARM_UP_ROUNDS) {
          measured.add(round);
        }
      }
    } finally {
      for (Thread t : threads) {
        t.interrupt();
      }
      long unavailable = 0;
      for (Cache<String, String> c : caches) {
        unavailable += c.stats().count(CacheEventType.LEASE_UNAVAILABLE);
        c.close();
      }
      System.out.println("herd: LEASE_UNAVAILABLE=" + unavailable);
    }
    long[] all = measured.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf("herd %d×%d, load %d ms, %d rounds: loads per round %s; p50=%s p99=%s "
        + "p999=%s max=%s%n", INSTANCES, THREADS_PER_INSTANCE, LOAD_MILLIS, ROUNDS, loadsPerRound,
        ms(all, 0.50), ms(all, 0.99), ms(all, 0.999), ms(all, 1.0));

    assertThat(failure.get()).isNull();
    assertThat(loadsPerRound.subList(WARM_UP_ROUNDS, totalRounds)).as("loads per round")
        .hasSize(ROUNDS).containsOnly(1);
  }

  private static String ms(long[] sorted, double q) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return String.format("%.1fms", sorted[Math.max(0, i)] / 1e6);
  }
}
