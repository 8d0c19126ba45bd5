package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.caskade.tier.Tier;
import io.caskade.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The read path's behaviour over every shape a cache can have: {L1 only, L2 only, L1+L2} ×
 * {leases on, off} × {stale windows on, off}. The same assertions hold in each, except where the
 * configuration itself changes the answer (stale windows).
 */
class ReadPathMatrixTest {

  enum Tiers { L1_ONLY, L2_ONLY, L1_AND_L2 }

  record Shape(Tiers tiers, boolean leases, boolean staleWindows) {
    @Override
    public String toString() {
      return tiers + (leases ? ", leases" : ", no leases") + (staleWindows ? ", stale windows" : "");
    }
  }

  static Stream<Shape> shapes() {
    List<Shape> all = new ArrayList<>();
    for (Tiers t : Tiers.values()) {
      for (boolean leases : new boolean[] {true, false}) {
        for (boolean stale : new boolean[] {true, false}) {
          all.add(new Shape(t, leases, stale));
        }
      }
    }
    return all.stream();
  }

  private static final Duration TTL = Duration.ofMinutes(1);

  private final FakeClock clock = new FakeClock();
  private final Map<String, String> db = new ConcurrentHashMap<>();
  private final AtomicBoolean sourceDown = new AtomicBoolean();
  private final CountingLoader<String, String> loader = new CountingLoader<>(k -> {
    if (sourceDown.get()) {
      throw new IllegalStateException("source down");
    }
    return db.get(k);
  });

  private Cache<String, String> cache(Shape s) {
    CacheBuilder<String, String> b = Caskade.<String, String>builder("matrix").clock(clock)
        .loader(loader).ttl(TTL).negativeTtl(TTL);
    if (s.tiers() != Tiers.L1_ONLY) {
      Tier<String, String> tier = s.leases() ? new LeasedMapTier<>() : new MapTier<>();
      b.l2(tier);
    }
    if (s.tiers() == Tiers.L2_ONLY) {
      b.disableL1();
    }
    if (s.staleWindows()) {
      b.staleWhileRevalidate(Duration.ofMinutes(1)).staleIfError(Duration.ofMinutes(10));
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void aMissLoadsOnceThenHits(Shape s) {
    db.put("k", "v1");
    try (Cache<String, String> cache = cache(s)) {
      assertThat(cache.get("k")).isEqualTo("v1");
      assertThat(cache.get("k")).isEqualTo("v1");
      assertThat(cache.getIfPresent("k")).isEqualTo("v1");
      assertThat(loader.loads).hasValue(1);
      assertThat(cache.stats().l1Hits() + cache.stats().l2Hits()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void aHerdOnAMissingKeyLoadsOnce(Shape s) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountingLoader<String, String> slow = new CountingLoader<>(k -> {
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "v";
    });
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try (Cache<String, String> cache = cache(s)) {
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        calls.add(pool.submit(() -> cache.get("hot", slow)));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> slow.loads.get() == 1
          && cache.stats().count(io.caskade.metrics.CacheEventType.COALESCED) == 31);
      release.countDown();
      for (Future<String> f : calls) {
        assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("v");
      }
      assertThat(slow.loads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void anInvalidationMakesTheNextReadLoadTheNewValue(Shape s) {
    db.put("k", "v1");
    try (Cache<String, String> cache = cache(s)) {
      assertThat(cache.get("k")).isEqualTo("v1");
      db.put("k", "v2");
      assertThat(cache.get("k")).as("still cached").isEqualTo("v1");
      cache.invalidate("k");
      assertThat(cache.getIfPresent("k")).isNull();
      assertThat(cache.get("k")).isEqualTo("v2");
      assertThat(loader.loads).hasValue(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void notFoundIsCachedNegatively(Shape s) {
    try (Cache<String, String> cache = cache(s)) {
      assertThat(cache.get("nobody")).isNull();
      assertThat(cache.get("nobody")).isNull();
      assertThat(cache.lookup("nobody").state()).isEqualTo(Lookup.State.NOT_FOUND);
      assertThat(loader.loads).hasValue(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void pastTheTtlAReadServesStaleInsideTheWindowElseReloads(Shape s) {
    db.put("k", "v1");
    try (Cache<String, String> cache = cache(s)) {
      cache.get("k");
      db.put("k", "v2");
      clock.advance(TTL.plusSeconds(1));
      if (s.staleWindows()) {
        assertThat(cache.get("k")).as("stale-while-revalidate").isEqualTo("v1");
        await().atMost(Duration.ofSeconds(5)).until(() -> "v2".equals(cache.get("k")));
      } else {
        assertThat(cache.get("k")).isEqualTo("v2");
      }
      assertThat(loader.loads).hasValue(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void aFailedLoadServesStaleInsideStaleIfErrorElseThrows(Shape s) {
    db.put("k", "v1");
    try (Cache<String, String> cache = cache(s)) {
      cache.get("k");
      sourceDown.set(true);
      clock.advance(TTL.plus(Duration.ofMinutes(2))); // past stale-while-revalidate
      if (s.staleWindows()) {
        assertThat(cache.get("k")).as("stale-if-error").isEqualTo("v1");
      } else {
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(CacheLoadException.class)
            .hasMessageContaining("matrix");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void getAllServesWhatIsCachedAndLoadsTheRestInOneBatch(Shape s) {
    for (int i = 0; i < 10; i++) {
      db.put("k" + i, "v" + i);
    }
    try (Cache<String, String> cache = cache(s)) {
      cache.get("k0");
      cache.get("k1");
      Map<String, String> all = cache.getAll(List.of("k0", "k1", "k2", "k3", "missing"));
      assertThat(all).containsOnly(Map.entry("k0", "v0"), Map.entry("k1", "v1"),
          Map.entry("k2", "v2"), Map.entry("k3", "v3"));
      assertThat(loader.bulkLoads).hasValue(1);
      assertThat(loader.bulkKeys.get(0)).containsExactlyInAnyOrder("k2", "k3", "missing");
      assertThat(cache.getAll(List.of("k2", "missing"))).containsOnly(Map.entry("k2", "v2"));
      assertThat(loader.bulkLoads).as("now all cached").hasValue(1);
    }
  }
}
