package io.caskade.redis.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.Cache;
import io.caskade.CacheLoader;
import io.caskade.Caskade;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.codec.StringCodec;
import io.caskade.source.Source;
import io.caskade.testkit.RedisServers;
import io.caskade.warmup.WarmUp;
import io.caskade.warmup.WarmUpResult;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hot-key snapshots in a real Redis, across restarts of the cache instance. */
class RedisHotKeySnapshotsTest {

  private final String name = "snap-" + UUID.randomUUID().toString().substring(0, 8);
  private final RedisConfig config = RedisConfig.standalone(RedisServers.shared());
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<Set<Integer>> bulkLoads = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    try (RedisClient client = RedisClient.create(RedisServers.shared());
         StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().del("c:" + name + ":hotkeys");
    } catch (Exception ignored) {
      // best effort: the keys carry a TTL anyway
    }
  }

  private <T extends AutoCloseable> T track(T t) {
    toClose.add(t);
    return t;
  }

  private RedisHotKeySnapshots<Integer> store() {
    return RedisHotKeySnapshots.builder(config, name, RedisHotKeySnapshots.keys(KeyCodec.integers()))
        .ttl(Duration.ofMinutes(5)).build();
  }

  private CacheLoader<Integer, String> loader() {
    return CacheLoader.bulk(k -> "v" + k, ks -> {
      bulkLoads.add(Set.copyOf(ks));
      Map<Integer, String> m = new HashMap<>();
      ks.forEach(k -> m.put(k, "v" + k));
      return m;
    });
  }

  /** Keys 100..219 once (Caffeine counts from half full), then 0..29 twenty times each. */
  private static void traffic(Cache<Integer, String> cache) {
    IntStream.range(100, 220).forEach(cache::get);
    for (int round = 0; round < 20; round++) {
      IntStream.range(0, 30).forEach(cache::get);
    }
  }

  @Test
  void storesAndLoadsInOrderAndAReplacementIsWhole() {
    RedisHotKeySnapshots<Integer> store = track(store());
    assertThat(store.load()).isEmpty();

    List<Integer> big = IntStream.range(0, 2500).boxed().toList();
    store.store(big);
    assertThat(store.load()).isEqualTo(big);

    store.store(List.of(7, 3, 5));
    assertThat(store.load()).containsExactly(7, 3, 5);
  }

  @Test
  void undecodableMembersAreSkippedAndCounted() {
    RedisHotKeySnapshots<String> strings = track(RedisHotKeySnapshots.builder(config, name,
        StringCodec.utf8()).build());
    strings.store(List.of("1", "not-a-number", "3"));
    RedisHotKeySnapshots<Integer> ints = track(store());

    assertThat(ints.load()).containsExactly(1, 3);
    assertThat(ints.undecodable()).isEqualTo(1);
  }

  @Test
  void theSnapshotSurvivesARestartAndTheNewInstanceWarmsTheSameKeys() {
    List<Integer> hot;
    try (Source db = Source.builder("db").maxLoadsPerSecond(500).maxWait(Duration.ofSeconds(1))
            .build()) {
      try (Cache<Integer, String> before = Caskade.<Integer, String>builder(name)
          .loader(loader()).source(db).maximumSize(200)
          .hotKeySnapshots(store(), 30, Duration.ofHours(1)).build()) {
        traffic(before);
      } // close stores the snapshot
      try (RedisHotKeySnapshots<Integer> reader = store()) {
        hot = reader.load();
      }
      // Caffeine may rank a few just-admitted hot keys behind older ones: mostly the hot set.
      assertThat(hot).hasSize(30);
      assertThat(hot.stream().filter(k -> k < 30).count()).isGreaterThanOrEqualTo(25);
      bulkLoads.clear();

      try (Cache<Integer, String> after = Caskade.<Integer, String>builder(name)
          .loader(loader()).source(db).maximumSize(200)
          .hotKeySnapshots(store(), 30, Duration.ofHours(1)).build()) {
        WarmUpResult result = warmFromSnapshot(after);

        assertThat(result.loaded()).isEqualTo(30);
        assertThat(bulkLoads).as("the same keys, in one loadAll").containsExactly(Set.copyOf(hot));
        long misses = after.stats().misses();
        for (int round = 0; round < 20; round++) {
          hot.forEach(after::get);
        }
        assertThat(after.stats().misses()).as("the old hot set: all hits").isEqualTo(misses);
      }
    }
  }

  @Test
  void withRedisL2TheRestartedInstanceWarmsFromL2WithoutTouchingTheSource() {
    try (Cache<Integer, String> before = cacheWithL2()) {
      traffic(before);
    }
    bulkLoads.clear();
    try (Cache<Integer, String> after = cacheWithL2()) {
      WarmUpResult result = warmFromSnapshot(after);

      assertThat(result.requested()).isEqualTo(30);
      assertThat(result.alreadyCached()).isEqualTo(30);
      assertThat(bulkLoads).isEmpty();
      List<Integer> stored;
      try (RedisHotKeySnapshots<Integer> reader = store()) {
        stored = reader.load();
      }
      // Caffeine may rank a few just-admitted keys ahead of hot ones: compare with what was stored.
      assertThat(after.keys().hottest(100)).containsAll(stored);
    }
  }

  private Cache<Integer, String> cacheWithL2() {
    RedisTier<Integer, String> tier = RedisTier.builder(config, name, KeyCodec.integers(),
        StringCodec.utf8()).build();
    return Caskade.<Integer, String>builder(name).loader(loader()).maximumSize(200).l2(tier)
        .hotKeySnapshots(store(), 30, Duration.ofHours(1)).build();
  }

  /** What a restarted instance does at start: warm the keys its predecessor stored. */
  private WarmUpResult warmFromSnapshot(Cache<Integer, String> cache) {
    try (RedisHotKeySnapshots<Integer> snapshots = store()) {
      return WarmUp.of(cache).runSnapshot(snapshots);
    }
  }
}
