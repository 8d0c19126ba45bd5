package io.caskade.redis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.entry.Entry;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.redis.RedisTierBuilder;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.RedisProcess;
import io.caskade.testkit.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Redis tier under the real engine: {@code Caskade.builder(name).l2(tier)...build()}. */
class EndToEndIT {

  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private final Map<String, String> db = new ConcurrentHashMap<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeLater.size() - 1; i >= 0; i--) {
      closeLater.get(i).close();
    }
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private RedisTierBuilder<String, String> tierBuilder(String uri, String name) {
    return RedisTier.builder(RedisConfig.standalone(uri), name, KeyCodec.strings(),
        StringCodec.utf8());
  }

  private RedisTier<String, String> tier(String name) {
    return track(tierBuilder(RedisServers.shared(), name).build());
  }

  private <T extends AutoCloseable> T track(T t) {
    closeLater.add(t);
    return t;
  }

  @Test
  void fleetHerdLoadsAMissingKeyExactlyOnceAcrossFourInstances() throws Exception {
    String name = unique("herd");
    int instances = 4;
    int threadsEach = 250;
    AtomicInteger loads = new AtomicInteger();
    List<Cache<String, String>> fleet = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      fleet.add(track(Caskade.<String, String>builder(name)
          .l2(tier(name))
          .leaseWait(Duration.ofSeconds(5))
          .build()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(instances * threadsEach);
    try {
      for (int round = 0; round < 3; round++) {
        String key = "hot-" + round;
        CountDownLatch arrived = new CountDownLatch(instances * threadsEach);
        CountDownLatch start = new CountDownLatch(1);
        int before = loads.get();
        List<Future<String>> results = new ArrayList<>();
        for (Cache<String, String> cache : fleet) {
          for (int t = 0; t < threadsEach; t++) {
            results.add(pool.submit(() -> {
              start.await();
              arrived.countDown();
              return cache.get(key, k -> {
                loads.incrementAndGet();
                arrived.await(5, TimeUnit.SECONDS); // every caller is in get() before we answer
                return "value-of-" + k;
              });
            }));
          }
        }
        start.countDown();
        for (Future<String> f : results) {
          assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("value-of-" + key);
        }
        assertThat(loads.get() - before).as("loads of %s in round %d", key, round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void staleSetRaceCannotLeaveTheOldRowInL2WithLeases() throws Exception {
    assertThat(runStaleSetRace(true)).as("old row in L2 after the race").isNull();
  }

  @Test
  void staleSetRaceLeavesTheOldRowInL2WithoutLeases() throws Exception {
    // the same interleaving without leases: proof that the test above can fail
    Entry<String> left = runStaleSetRace(false);
    assertThat(left).isNotNull();
    assertThat(left.value()).isEqualTo("old");
  }

  /** Returns what L2 holds for the row after: reader loads old → writer updates + invalidates → reader writes. */
  private Entry<String> runStaleSetRace(boolean leases) throws Exception {
    String name = unique("race");
    db.put("row", "old");
    GatedTier<String, String> readerTier =
        new GatedTier<>(track(tierBuilder(RedisServers.shared(), name).leases(leases).build()));
    readerTier.arm(GatedTier.Point.BEFORE_WRITE);
    Cache<String, String> reader = track(Caskade.<String, String>builder(name)
        .l2(readerTier).loader(db::get).build());
    Cache<String, String> writer = track(Caskade.<String, String>builder(name)
        .l2(tier(name)).loader(db::get).build());

    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      Future<String> read = one.submit(() -> reader.get("row"));
      readerTier.awaitHeld();              // the reader has loaded "old" and is about to write L2
      db.put("row", "new");                // the writer updates the source...
      writer.invalidate("row");            // ...and invalidates (deletes L2, voids the lease)
      readerTier.release();                // now the reader's write goes on
      assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("old");
    } finally {
      one.shutdownNow();
    }
    RedisTier<String, String> inspector = tier(name);
    return inspector.get("row");
  }

  @Test
  void invalidationsOnOneInstanceReachTheL1OfAnother() {
    String name = unique("coherence");
    db.put("k", "v1");
    db.put("tagged", "t1");
    db.put("ns", "n1");
    Cache<String, String> a = track(Caskade.<String, String>builder(name).l2(tier(name))
        .loader(db::get).tags((k, v) -> Set.of("tenant:" + k.length())).build());
    Cache<String, String> b = track(Caskade.<String, String>builder(name).l2(tier(name))
        .loader(db::get).tags((k, v) -> Set.of("tenant:" + k.length())).build());
    assertThat(b.get("k")).isEqualTo("v1");
    assertThat(b.get("tagged")).isEqualTo("t1");
    assertThat(b.get("ns")).isEqualTo("n1");

    db.put("k", "v2");
    db.put("tagged", "t2");
    db.put("ns", "n2");
    assertThat(b.get("k")).as("B's L1 still holds the old value").isEqualTo("v1");

    a.invalidate("k");
    await().atMost(Duration.ofSeconds(5)).until(() -> "v2".equals(b.get("k")));

    a.invalidateTag("tenant:" + "tagged".length());
    await().atMost(Duration.ofSeconds(5)).until(() -> "t2".equals(b.get("tagged")));
    assertThat(b.get("ns")).as("other tags untouched").isEqualTo("n1");

    a.invalidateAll();
    await().atMost(Duration.ofSeconds(5)).until(() -> "n2".equals(b.get("ns")));
  }

  @Test
  void redisKilledMidLoadCallersSeeNoErrorAndNothingBlocks() {
    RedisProcess redis = track(RedisProcess.start());
    String name = unique("kill");
    RedisTier<String, String> tier = track(tierBuilder(redis.uri(), name)
        .commandTimeout(Duration.ofMillis(200)).breakerOpenFor(Duration.ofMillis(300))
        .recoveryProbeInterval(Duration.ofMillis(50)).build());
    Cache<String, String> cache = track(Caskade.<String, String>builder(name).l2(tier)
        .loader(db::get).build());
    db.put("a", "1");
    db.put("b", "2");

    long start = System.nanoTime();
    String loaded = cache.get("killer", k -> {
      redis.kill();
      return "loaded";
    });
    assertThat(loaded).isEqualTo("loaded");
    for (int i = 0; i < 20; i++) {
      assertThat(cache.get("a")).isEqualTo("1");
      assertThat(cache.get("b")).isEqualTo("2");
    }
    cache.invalidate("a");
    db.put("a", "1b");
    assertThat(cache.get("a")).isEqualTo("1b");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));

    redis.restart();
    await().atMost(Duration.ofSeconds(10)).until(() -> tier.stats().pendingInvalidations() == 0
        && "CLOSED".equals(tier.stats().circuitState()));
    db.put("c", "3");
    assertThat(cache.get("c")).isEqualTo("3");
    await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
        .until(() -> tier.get("c") != null);
  }
}
