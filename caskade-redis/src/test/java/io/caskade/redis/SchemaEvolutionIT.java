package io.caskade.redis;

import io.caskade.codec.KeyCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.codec.JacksonCodec;
import io.caskade.testkit.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling deploy: the value class changed from V1{a,b} to V2{a,c}; old and new instances share
 * one Redis. Neither may read or delete the other's copies (no source-load storm), and an
 * invalidation on either side must invalidate both.
 */
class SchemaEvolutionIT {

  record UserV1(long id, String a, String b) {}

  record UserV2(long id, String a, String c) {}

  private static final int KEYS = 20;
  private static final int ROUNDS = 5;

  private final String name = Tiers.uniqueName("schema");
  private final RawRedis raw = new RawRedis(RedisServers.shared());
  private final List<AutoCloseable> closeLater = new ArrayList<>();
  /** The source: one row per id, read by both versions. */
  private final Map<Long, String> rows = new ConcurrentHashMap<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeLater.size() - 1; i >= 0; i--) {
      closeLater.get(i).close();
    }
    raw.close();
  }

  /** One instance: its tier and a cache with L1 off, so every read goes to Redis. */
  private record Instance<V>(RedisTier<Long, V> tier, Cache<Long, V> cache, AtomicInteger loads) {}

  private <V> Instance<V> instance(Class<V> type, String version, Function<Long, V> load,
      Duration refresh) {
    return instance(type, version, load, refresh, Duration.ofSeconds(2));
  }

  private <V> Instance<V> instance(Class<V> type, String version, Function<Long, V> load,
      Duration refresh, Duration commandTimeout) {
    RedisTierBuilder<Long, V> b = RedisTier.builder(
            RedisConfig.standalone(RedisServers.shared()), name, KeyCodec.longs(),
            JacksonCodec.of(type))
        .refreshInterval(refresh)
        .commandTimeout(commandTimeout); // generous: a slow CI machine is no Redis failure
    if (version != null) {
      b.valueVersion(version);
    }
    RedisTier<Long, V> tier = b.build();
    closeLater.add(tier);
    AtomicInteger loads = new AtomicInteger();
    Cache<Long, V> cache = Caskade.<Long, V>builder(name)
        .l2(tier)
        .disableL1()
        .ttl(Duration.ofMinutes(5))
        .loader(id -> {
          loads.incrementAndGet();
          return load.apply(id);
        })
        .build();
    closeLater.add(cache);
    return new Instance<>(tier, cache, loads);
  }

  private Instance<UserV1> v1(Duration refresh) {
    return instance(UserV1.class, "1", id -> new UserV1(id, rows.get(id), "b"), refresh);
  }

  private Instance<UserV2> v2(Duration refresh) {
    return instance(UserV2.class, "2", id -> new UserV2(id, rows.get(id), "c"), refresh);
  }

  /** Waits until a new version stores its copies (every instance has seen it). */
  private static <V> void awaitStores(Instance<V> i, V probe) {
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      i.tier().put(-1L, Entries.fresh(probe));
      return i.tier().get(-1L) != null;
    });
  }

  @Test
  void oldAndNewVersionsShareRedisWithoutAStormOrDeletingEachOther() {
    for (long id = 0; id < KEYS; id++) {
      rows.put(id, "row-" + id);
    }
    Instance<UserV1> old = v1(Duration.ofMillis(200));
    Instance<UserV2> neu = v2(Duration.ofMillis(200));
    awaitStores(old, new UserV1(-1, "p", "b"));
    awaitStores(neu, new UserV2(-1, "p", "c"));
    for (int round = 0; round < ROUNDS; round++) {
      for (long id = 0; id < KEYS; id++) {
        assertThat(old.cache().get(id)).isEqualTo(new UserV1(id, "row-" + id, "b"));
        assertThat(neu.cache().get(id)).isEqualTo(new UserV2(id, "row-" + id, "c"));
      }
    }
    assertThat(old.loads().get()).as("V1 loads: once per key; %s", old.tier().stats())
        .isEqualTo(KEYS);
    assertThat(neu.loads().get()).as("V2 loads: once per key; %s", neu.tier().stats())
        .isEqualTo(KEYS);
    assertThat(old.tier().stats().corrupt()).as("V1 found V2 bytes").isZero();
    assertThat(neu.tier().stats().corrupt()).as("V2 found V1 bytes").isZero();
    for (long id = 0; id < KEYS; id++) {
      assertThat(raw.sync().exists(old.tier().redisKey(id), neu.tier().redisKey(id)))
          .as("both copies of %d", id).isEqualTo(2);
    }
  }

  @Test
  void anInvalidationOnEitherVersionInvalidatesBoth() {
    rows.put(7L, "first");
    Instance<UserV1> old = v1(Duration.ofMillis(200));
    Instance<UserV2> neu = v2(Duration.ofMillis(200));
    awaitStores(old, new UserV1(-1, "p", "b"));
    awaitStores(neu, new UserV2(-1, "p", "c"));
    assertThat(old.cache().get(7L).a()).isEqualTo("first");
    assertThat(neu.cache().get(7L).a()).isEqualTo("first");

    rows.put(7L, "second");
    old.cache().invalidate(7L); // a write on an old instance
    assertThat(raw.sync().exists(old.tier().redisKey(7L), neu.tier().redisKey(7L))).isZero();
    assertThat(neu.cache().get(7L).a()).isEqualTo("second");
    assertThat(old.cache().get(7L).a()).isEqualTo("second");

    rows.put(7L, "third");
    neu.cache().invalidate(7L); // and on a new one
    assertThat(raw.sync().exists(old.tier().redisKey(7L), neu.tier().redisKey(7L))).isZero();
    assertThat(old.cache().get(7L).a()).isEqualTo("third");
    assertThat(neu.cache().get(7L).a()).isEqualTo("third");

    // a put (write-through) of one version makes the other's copy stale: it is deleted
    old.cache().put(7L, new UserV1(7L, "fourth", "b"));
    assertThat(raw.sync().exists(neu.tier().redisKey(7L))).isZero();
    rows.put(7L, "fourth");
    assertThat(neu.cache().get(7L).a()).isEqualTo("fourth");
  }

  @Test
  void aNewVersionWaitsUntilAnInstanceWithALongRefreshHasSeenIt() {
    rows.put(3L, "first");
    // the old instance reads the versions now, then trusts its list for 5 s; the new one alone
    // would think 1.2 s enough (its refresh interval plus its command timeout)
    Instance<UserV1> old = v1(Duration.ofSeconds(5));
    Instance<UserV2> neu = instance(UserV2.class, "2", id -> new UserV2(id, rows.get(id), "c"),
        Duration.ofMillis(200), Duration.ofSeconds(1));
    assertThat(neu.cache().get(3L).a()).isEqualTo("first");
    awaitStores(neu, new UserV2(-1, "p", "c"));
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      neu.cache().invalidate(3L); // then a fill that stores V2's copy
      assertThat(neu.cache().get(3L).a()).isEqualTo("first");
      return raw.sync().exists(neu.tier().redisKey(3L)) == 1;
    });
    rows.put(3L, "second");
    old.cache().invalidate(3L);
    assertThat(raw.sync().exists(neu.tier().redisKey(3L))).as("V2's copy after V1's delete")
        .isZero();
    assertThat(neu.cache().get(3L).a()).isEqualTo("second");
  }

  @Test
  void unversionedAndVersionedInstancesInvalidateEachOther() {
    rows.put(1L, "first");
    Instance<UserV1> plain = instance(UserV1.class, null,
        id -> new UserV1(id, rows.get(id), "b"), Duration.ofMillis(200));
    Instance<UserV2> neu = v2(Duration.ofMillis(200));
    awaitStores(neu, new UserV2(-1, "p", "c"));
    assertThat(plain.cache().get(1L).a()).isEqualTo("first");
    assertThat(neu.cache().get(1L).a()).isEqualTo("first");
    assertThat(plain.tier().stats().corrupt() + neu.tier().stats().corrupt()).isZero();
    rows.put(1L, "second");
    plain.cache().invalidate(1L);
    assertThat(neu.cache().get(1L).a()).isEqualTo("second");
    rows.put(1L, "third");
    neu.cache().invalidate(1L);
    assertThat(plain.cache().get(1L).a()).isEqualTo("third");
  }
}
