package io.caskade.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.redis.RedisBus;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisPlatform;
import io.caskade.testkit.RedisServers;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances over memcached without a bus (L1 disabled, the documented set-up for noBus):
 * a key invalidation, a tag invalidation and a clear made by one are seen by the other — at
 * once for keys (memcached holds the only copy), within the composed tier's refresh interval for
 * tags and the namespace (versions cached up to 200 ms here).
 */
class CoherenceTest {

  private static Servers servers;

  @BeforeAll
  static void start() {
    servers = Servers.start(3);
  }

  @AfterAll
  static void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void writesOnOneInstanceReachTheOther() {
    String name = "coherence-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> source = new ConcurrentHashMap<>(Map.of("k", "v1", "t1", "a1",
        "t2", "b1"));
    try (Instances fleet = new Instances(MemcachedConfig.of(servers.uri()))) {
      Cache<String, String> a = fleet.instance(name, true, source::get,
          b -> b.disableL1().tags((k, v) -> k.startsWith("t") ? Set.of("tagged") : Set.of()))
          .cache();
      Cache<String, String> b = fleet.instance(name, true, source::get,
          c -> c.disableL1().tags((k, v) -> k.startsWith("t") ? Set.of("tagged") : Set.of()))
          .cache();

      assertThat(a.get("k")).isEqualTo("v1");
      assertThat(b.get("k")).isEqualTo("v1"); // from memcached
      source.put("k", "v2");
      b.invalidate("k");
      assertThat(a.get("k")).isEqualTo("v2");

      assertThat(a.get("t1")).isEqualTo("a1");
      assertThat(a.get("t2")).isEqualTo("b1");
      source.put("t1", "a2");
      source.put("t2", "b2");
      b.invalidateTag("tagged");
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(a.get("t1")).isEqualTo("a2");
        assertThat(a.get("t2")).isEqualTo("b2");
      });

      source.put("k", "v3");
      b.invalidateAll();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(a.get("k")).isEqualTo("v3"));
    }
  }

  /**
   * With L1 on both instances and the Redis bus composed with the Memcached store: a key
   * invalidation, a tag invalidation and a clear on one instance drop the other's L1 copies.
   */
  @Test
  void theRedisBusKeepsBothL1sCoherentOverMemcached() {
    String name = "bus-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> source = new ConcurrentHashMap<>(Map.of("k", "v1", "t1", "a1"));
    // two platforms: two application instances, each with its own Redis connections
    try (RedisPlatform redisA = RedisPlatform.of(RedisConfig.standalone(RedisServers.shared()));
        RedisPlatform redisB = RedisPlatform.of(RedisConfig.standalone(RedisServers.shared()));
        Instances fleet = new Instances(MemcachedConfig.of(servers.uri()))) {
      Cache<String, String> a = fleet.instance(name, true, RedisBus.on(redisA), source::get,
          b -> b.tags((k, v) -> k.startsWith("t") ? Set.of("tagged") : Set.of())).cache();
      Cache<String, String> b = fleet.instance(name, true, RedisBus.on(redisB), source::get,
          c -> c.tags((k, v) -> k.startsWith("t") ? Set.of("tagged") : Set.of())).cache();

      assertThat(a.get("k")).isEqualTo("v1"); // now in a's L1
      assertThat(a.get("t1")).isEqualTo("a1");
      source.put("k", "v2");
      b.invalidate("k");
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(a.get("k")).isEqualTo("v2"));

      source.put("t1", "a2");
      b.invalidateTag("tagged");
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(a.get("t1")).isEqualTo("a2"));

      source.put("k", "v3");
      b.invalidateAll();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(a.get("k")).isEqualTo("v3"));
    }
  }
}
