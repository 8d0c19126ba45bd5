package io.caskade.redis;

import io.caskade.codec.KeyCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.codec.StringCodec;
import io.caskade.redis.journal.RedisWriteJournal;
import io.caskade.redis.snapshot.RedisHotKeySnapshots;
import io.caskade.testkit.RedisProcess;
import io.caskade.tier.TierException;
import io.lettuce.core.KillArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fifty caches with an L2 on one {@link RedisPlatform}: a bounded number of Redis connections and
 * threads, invalidations across instances through the one pub/sub connection, and a drop of that
 * connection seen by every cache's bus. Runs on its own redis-server, so every connection it
 * lists is this JVM's.
 */
class SharedPlatformIT {

  static final int CACHES = 50;

  private final RedisProcess redis = RedisProcess.start();
  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private final Map<String, String> db = new ConcurrentHashMap<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeLater.size() - 1; i >= 0; i--) {
      closeLater.get(i).close();
    }
    redis.close();
  }

  private <T extends AutoCloseable> T track(T t) {
    closeLater.add(t);
    return t;
  }

  @Test
  void fiftyCachesOnOnePlatformUseAtMostFourConnectionsAndEightThreads() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    RedisPlatform platform = track(RedisPlatform.of(RedisConfig.standalone(redis.uri())));
    List<Cache<String, String>> caches = fiftyCaches(tier -> RedisTier.builder(platform, tier,
        KeyCodec.strings(), StringCodec.utf8()).build());

    long connections = clientConnections();
    List<String> threads = newRedisThreads(before);
    System.out.printf("one platform: %d caches, %d Redis connections, %d Redis threads %s%n",
        caches.size(), connections, threads.size(), threads);
    assertThat(connections).isLessThanOrEqualTo(4);
    assertThat(threads).hasSizeLessThanOrEqualTo(8);

    Cache<String, String> survivor = caches.get(CACHES - 1);
    for (Cache<String, String> cache : caches.subList(0, CACHES - 1)) {
      cache.close(); // closes its tier, not the platform
    }
    db.put("fresh", "f");
    assertThat(survivor.get("fresh")).isEqualTo("f");
    assertThat(clientConnections()).isEqualTo(connections);
    survivor.close();
    platform.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> clientConnections() == 0);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> newRedisThreads(before).isEmpty());
  }

  /** The same fifty caches, each tier built from a {@code RedisConfig} (a private platform each). */
  @Test
  void fiftyCachesWithATierEachOpenTwoConnectionsPerCache() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    RedisConfig config = RedisConfig.standalone(redis.uri());
    List<Cache<String, String>> caches = fiftyCaches(tier -> RedisTier.builder(config, tier,
        KeyCodec.strings(), StringCodec.utf8()).build());

    long connections = clientConnections();
    List<String> threads = newRedisThreads(before);
    System.out.printf("a client per tier: %d caches, %d Redis connections, %d Redis threads%n",
        caches.size(), connections, threads.size());
    assertThat(connections).isEqualTo(2L * CACHES); // commands + pub/sub, per cache
  }

  @Test
  void journalsAndSnapshotStoresRunOnThePlatformsThreads() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    RedisPlatform platform = track(RedisPlatform.of(RedisConfig.standalone(redis.uri())));
    fiftyCaches(tier -> RedisTier.builder(platform, tier, KeyCodec.strings(), StringCodec.utf8())
        .build());
    for (String name : names(3)) {
      track(RedisWriteJournal.builder(platform, name, KeyCodec.strings(), StringCodec.utf8())
          .build());
      RedisHotKeySnapshots<String> snapshots = track(RedisHotKeySnapshots.builder(platform, name,
          StringCodec.utf8()).build());
      snapshots.store(List.of("a", "b"));
      assertThat(snapshots.load()).containsExactly("a", "b");
    }
    long connections = clientConnections();
    List<String> threads = newRedisThreads(before);
    System.out.printf("one platform: %d caches, 3 journals, 3 snapshot stores: %d Redis "
        + "connections, %d Redis threads%n", CACHES, connections, threads.size());
    assertThat(connections).as("2 shared + command and blocking-read per journal")
        .isEqualTo(2 + 3 * 2);
    assertThat(threads).hasSizeLessThanOrEqualTo(8);
  }

  @Test
  void eachTierBoundsItsCallsOnTheSharedConnectionByItsOwnCommandTimeout() throws Exception {
    RedisPlatform platform = track(RedisPlatform.builder(RedisConfig.standalone(redis.uri()))
        .commandTimeout(Duration.ofMillis(500)).build());
    RedisTier<String, String> fast = track(RedisTier.builder(platform, Tiers.uniqueName("fast"),
        KeyCodec.strings(), StringCodec.utf8()).commandTimeout(Duration.ofMillis(100)).build());
    RedisTier<String, String> patient = track(RedisTier.builder(platform,
        Tiers.uniqueName("patient"), KeyCodec.strings(), StringCodec.utf8())
        .commandTimeout(Duration.ofSeconds(30)).build());
    patient.put("k", Entries.fresh("v"));
    ExecutorService pool =
        Executors.newSingleThreadExecutor();
    try {
      redis.pause();
      Future<String> waiting =
          pool.submit(() -> patient.get("k").value());
      assertThatThrownBy(() -> fast.get("k"))
          .isInstanceOf(TierException.class);
      // the patient tier's command outlives the fast tier's and the platform's timeouts...
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
          .until(() -> !waiting.isDone());
      redis.resume();
      // ...and is answered once Redis is back
      assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("v");
    } finally {
      redis.resume();
      pool.shutdownNow();
    }
  }

  @Test
  void invalidationsReachTheL1OfAnotherInstanceThroughTheSharedPubSubConnection() {
    RedisConfig config = RedisConfig.standalone(redis.uri());
    RedisPlatform one = track(RedisPlatform.of(config));
    RedisPlatform two = track(RedisPlatform.of(config));
    List<String> names = names(5);
    List<Cache<String, String>> a = new ArrayList<>();
    List<Cache<String, String>> b = new ArrayList<>();
    for (String name : names) {
      a.add(cache(name, RedisTier.builder(one, name, KeyCodec.strings(), StringCodec.utf8())
          .build()));
      b.add(cache(name, RedisTier.builder(two, name, KeyCodec.strings(), StringCodec.utf8())
          .build()));
    }
    for (int i = 0; i < names.size(); i++) {
      db.put(names.get(i) + ":k", "v1");
      assertThat(b.get(i).get(names.get(i) + ":k")).isEqualTo("v1");
      db.put(names.get(i) + ":k", "v2");
    }
    for (int i = 0; i < names.size(); i++) {
      String key = names.get(i) + ":k";
      assertThat(b.get(i).get(key)).as("B's L1 still holds the old value").isEqualTo("v1");
      a.get(i).invalidate(key);
      Cache<String, String> other = b.get(i);
      await().atMost(Duration.ofSeconds(5)).until(() -> "v2".equals(other.get(key)));
    }
  }

  @Test
  void killingThePubSubConnectionTakesEveryBusDownThenUp() {
    RedisPlatform platform = track(RedisPlatform.of(RedisConfig.standalone(redis.uri())));
    List<RedisTier<String, String>> tiers = new ArrayList<>();
    for (String name : names(10)) {
      tiers.add(track(RedisTier.builder(platform, name, KeyCodec.strings(), StringCodec.utf8())
          .build()));
    }
    assertThat(tiers).allMatch(RedisTier::isBusUp);
    try (RawRedis admin = new RawRedis(redis.uri())) {
      assertThat(admin.sync().clientKill(KillArgs.Builder.typePubsub()))
          .isEqualTo(1L); // one pub/sub connection for all ten
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(tiers).allSatisfy(t -> {
      assertThat(t.stats().busGaps()).as("bus of %s saw the loss", t.cacheName()).isEqualTo(1);
      assertThat(t.stats().busResubscribed()).as("and the return").isEqualTo(1);
      assertThat(t.isBusUp()).isTrue();
    }));
    // messages flow again on the new connection
    RedisPlatform other = track(RedisPlatform.of(RedisConfig.standalone(redis.uri())));
    String name = tiers.get(3).cacheName();
    RedisTier<String, String> sender = track(RedisTier.builder(other, name, KeyCodec.strings(),
        StringCodec.utf8()).commandTimeout(Duration.ofSeconds(5)).build()); // a loaded machine
    long received = tiers.get(3).stats().busReceived();
    sender.invalidate("x");
    await().atMost(Duration.ofSeconds(5))
        .until(() -> tiers.get(3).stats().busReceived() > received);
  }

  private List<Cache<String, String>> fiftyCaches(
      Function<String, RedisTier<String, String>> tiers) {
    List<Cache<String, String>> caches = new ArrayList<>();
    for (String name : names(CACHES)) {
      db.put(name + ":k", "v");
      Cache<String, String> cache = cache(name, tiers.apply(name));
      assertThat(cache.get(name + ":k")).isEqualTo("v");
      caches.add(cache);
    }
    return caches;
  }

  private Cache<String, String> cache(String name, RedisTier<String, String> tier) {
    return track(Caskade.<String, String>builder(name).l2(tier).loader(db::get).build());
  }

  private static List<String> names(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(Tiers.uniqueName("shared-" + i));
    }
    return names;
  }

  /** Connections on this test's own server, less the one asking. */
  private long clientConnections() {
    try (RawRedis admin = new RawRedis(redis.uri())) {
      return admin.sync().clientList().lines().filter(l -> !l.isBlank()).count() - 1;
    }
  }

  /** Redis-related threads started since {@code before}, still alive. */
  static List<String> newRedisThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .map(Thread::getName)
        .filter(n -> n.startsWith("lettuce-") || n.startsWith("caskade-redis"))
        .sorted()
        .collect(Collectors.toList());
  }
}
