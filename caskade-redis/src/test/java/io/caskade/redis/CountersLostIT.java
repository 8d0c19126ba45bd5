package io.caskade.redis;

import io.caskade.codec.KeyCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.RedisProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis forgets the namespace generation and tag versions (FLUSHALL, eviction under an
 * {@code allkeys-*} policy, a restart without persistence); an invalidated value must never
 * become valid again on any instance, old or new. Each test runs on its own redis-server.
 */
class CountersLostIT {

  /** Long enough that instances use their cached versions for the whole test. */
  private static final Duration NO_REREAD = Duration.ofMinutes(1);
  private static final Duration BUS = Duration.ofSeconds(5);

  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private final Map<String, String> db = new ConcurrentHashMap<>();
  private final String name = Tiers.uniqueName("lost");
  private final KeyLayout layout = new KeyLayout(name);
  private RedisProcess redis;
  private RawRedis raw;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeLater.size() - 1; i >= 0; i--) {
      closeLater.get(i).close();
    }
  }

  private void startRedis(String... args) {
    redis = track(RedisProcess.start(args));
    raw = track(new RawRedis(redis.uri()));
  }

  private <T extends AutoCloseable> T track(T t) {
    closeLater.add(t);
    return t;
  }

  /** An instance: a cache over its own tier; every entry depends on tag "t". */
  private record Instance(Cache<String, String> cache, RedisTier<String, String> tier) {
    String get(String key) {
      return cache.get(key);
    }
  }

  private Instance instance() {
    RedisTier<String, String> tier = track(RedisTier.builder(RedisConfig.standalone(redis.uri()),
            name, KeyCodec.strings(), StringCodec.utf8())
        .refreshInterval(NO_REREAD)
        .build());
    Cache<String, String> cache = track(Caskade.<String, String>builder(name)
        .l2(tier)
        .loader(db::get)
        .tags((k, v) -> Set.of("t"))
        .ttl(Duration.ofMinutes(5))
        .build());
    return new Instance(cache, tier);
  }

  // ------------------------------------------------------------------ namespace generation

  @Test
  void flushAllDoesNotBringBackAValueFromBeforeInvalidateAll() {
    startRedis();
    namespaceScenario(() -> raw.sync().flushall());
  }

  @Test
  void evictedGenerationDoesNotBringBackAValueFromBeforeInvalidateAll() {
    startRedis("--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru");
    namespaceScenario(() -> evict(layout.generation()));
  }

  /**
   * The scenario: three invalidateAll, Redis loses the counter, an instance fills L2
   * under its cached generation, three more invalidateAll: no instance may serve that value.
   */
  private void namespaceScenario(Runnable loseCounters) {
    Instance a = instance();
    Instance b = instance();
    for (int i = 0; i < 3; i++) {
      a.cache().invalidateAll();
    }
    await().atMost(BUS).until(() -> b.tier().redisKey("k").equals(a.tier().redisKey("k")));
    loseCounters.run();
    db.put("k", "before");
    assertThat(b.get("k")).as("B fills under its cached generation").isEqualTo("before");
    db.put("k", "after");
    for (int i = 0; i < 3; i++) {
      a.cache().invalidateAll();
    }
    await().atMost(BUS).untilAsserted(() -> assertThat(b.get("k")).isEqualTo("after"));
    assertThat(a.get("k")).isEqualTo("after");
    assertThat(instance().get("k")).as("a brand-new instance").isEqualTo("after");
    assertThat(b.get("k")).isEqualTo("after");
  }

  @Test
  void restartWithoutPersistenceNeverReissuesAGeneration() {
    startRedis();
    Instance a = instance();
    db.put("k", "before");
    for (int i = 0; i < 3; i++) {
      a.cache().invalidateAll();
    }
    assertThat(a.get("k")).isEqualTo("before");
    String oldKey = a.tier().redisKey("k");
    byte[] bytes = raw.sync().get(oldKey);
    assertThat(bytes).as("the value in L2").isNotNull();
    redis.restart();
    // A fill that raced the restart (an instance still on the old generation) writes there again.
    raw.sync().set(oldKey, bytes);
    db.put("k", "after");
    awaitAnswers(a);
    for (int i = 0; i < 3; i++) {
      a.cache().invalidateAll();
    }
    assertThat(generationIn(a.tier().redisKey("k"))).as("generation after the restart")
        .isGreaterThan(generationIn(oldKey));
    assertThat(instance().get("k")).as("a brand-new instance").isEqualTo("after");
    assertThat(a.get("k")).isEqualTo("after");
  }

  /**
   * Redis keeps the generation but it goes down (a restore from an older backup): an
   * instance that knew a higher one must adopt Redis's, not keep serving what it had under the
   * higher one.
   */
  @Test
  void aLowerGenerationIsAResetNotOldNews() {
    startRedis();
    long high = System.currentTimeMillis() * 1000 + 10_000_000_000L; // ahead of any clock floor
    raw.sync().set(layout.generation(), ascii(high));
    Instance a = instance();
    Instance b = instance();
    db.put("k", "before");
    assertThat(b.get("k")).isEqualTo("before");
    assertThat(generationIn(b.tier().redisKey("k"))).isEqualTo(high);
    raw.sync().set(layout.generation(), ascii(high - 1_000_000_000L)); // restored lower
    db.put("k", "after");
    a.cache().invalidateAll(); // A re-reads nothing (cached high); Redis answers high - 1e9 + 1
    await().atMost(BUS).untilAsserted(() -> assertThat(b.get("k")).isEqualTo("after"));
    assertThat(generationIn(b.tier().redisKey("k"))).isLessThan(high);
  }

  // ------------------------------------------------------------------ tag versions

  @Test
  void flushAllDoesNotRevalidateAnL1CopyFromBeforeTheFlush() {
    startRedis();
    tagScenario(() -> raw.sync().flushall());
  }

  @Test
  void evictedTagVersionDoesNotRevalidateAnL1CopyFromBeforeTheEviction() {
    startRedis("--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru");
    tagScenario(() -> evict(layout.tag("t")));
  }

  /**
   * Tag "t" bumped twice; B holds k (recorded under t's version) in L1 and L2; Redis loses the
   * counter; two more bumps: B's copy must stay invalid, on B and on every other instance.
   */
  private void tagScenario(Runnable loseCounters) {
    Instance a = instance();
    Instance b = instance();
    a.cache().invalidateTag("t");
    a.cache().invalidateTag("t");
    long known = a.tier().tagVersions().current("t");
    await().atMost(BUS).until(() -> b.tier().tagVersions().current("t") == known);
    db.put("k", "before");
    assertThat(b.get("k")).isEqualTo("before");
    loseCounters.run();
    db.put("k", "after");
    a.cache().invalidateTag("t");
    await().atMost(BUS).untilAsserted(() -> assertThat(b.get("k")).isEqualTo("after"));
    a.cache().invalidateTag("t");
    await().atMost(BUS).until(
        () -> b.tier().tagVersions().current("t") == a.tier().tagVersions().current("t"));
    assertThat(b.get("k")).as("B after the counter is bumped again").isEqualTo("after");
    assertThat(a.get("k")).isEqualTo("after");
    assertThat(instance().get("k")).as("a brand-new instance").isEqualTo("after");
  }

  @Test
  void restartWithoutPersistenceNeverReissuesATagVersion() {
    startRedis();
    Instance a = instance();
    a.cache().invalidateTag("t");
    a.cache().invalidateTag("t");
    db.put("k", "before");
    assertThat(a.get("k")).isEqualTo("before");
    byte[] bytes = raw.sync().get(a.tier().redisKey("k"));
    assertThat(bytes).as("the entry in L2, recorded under t's version").isNotNull();
    redis.restart();
    db.put("k", "after");
    Instance c = instance();
    // An entry recorded under the old version that survived (a fill that raced the restart).
    raw.sync().set(c.tier().redisKey("k"), bytes);
    awaitAnswers(a);
    a.cache().invalidateTag("t");
    a.cache().invalidateTag("t");
    await().atMost(BUS).until(
        () -> c.tier().tagVersions().current("t") == a.tier().tagVersions().current("t"));
    assertThat(c.get("k")).isEqualTo("after");
    assertThat(instance().get("k")).as("a brand-new instance").isEqualTo("after");
  }

  @Test
  void aLowerAnnouncedTagVersionIsAResetNotOldNews() {
    startRedis();
    long high = System.currentTimeMillis() * 1000 + 10_000_000_000L;
    raw.sync().set(layout.tag("t"), ascii(high));
    Instance a = instance();
    Instance b = instance();
    db.put("k", "before");
    assertThat(b.get("k")).isEqualTo("before");
    raw.sync().set(layout.tag("t"), ascii(high - 1_000_000_000L)); // restored lower
    db.put("k", "after");
    a.cache().invalidateTag("t"); // announces high - 1e9 + 1
    await().atMost(BUS).untilAsserted(() -> assertThat(b.get("k")).isEqualTo("after"));
    assertThat(b.tier().tagVersions().current("t")).isEqualTo(high - 1_000_000_000L + 1);
  }

  // ------------------------------------------------------------------ helpers

  /** Writes other keys until the LRU policy has evicted {@code key}, then frees that memory. */
  private void evict(String key) {
    assertThat(raw.sync().exists(key)).as("%s exists before", key).isOne();
    byte[] filler = new byte[8 * 1024];
    int n = 0;
    while (raw.sync().exists(key) == 1) {
      assertThat(n).as("writes before %s was evicted", key).isLessThan(100_000);
      raw.sync().set("filler:" + n++, filler);
    }
    for (int i = 0; i < n; i += 100) {
      List<String> batch = new ArrayList<>();
      for (int j = i; j < Math.min(n, i + 100); j++) {
        batch.add("filler:" + j);
      }
      raw.sync().del(batch.toArray(String[]::new));
    }
  }

  private static void awaitAnswers(Instance i) {
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> i.tier().get("probe") == null);
  }

  private static long generationIn(String redisKey) {
    // c:{<cache>:<generation>:<key>}:v
    String inner = redisKey.substring(redisKey.indexOf('{') + 1, redisKey.indexOf('}'));
    String[] parts = inner.split(":");
    return Long.parseLong(parts[parts.length - 2]);
  }

  private static byte[] ascii(long v) {
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }
}
