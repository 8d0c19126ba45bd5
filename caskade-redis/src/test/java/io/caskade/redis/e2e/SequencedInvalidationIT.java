package io.caskade.redis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.metrics.CacheEventType;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.bus.Partitions;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.RedisProcess;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sequence-numbered invalidations: a lost bus message costs an instance the L1 entries of its
 * partition, not all of L1. Lost messages are made exactly: the test changes the source, deletes
 * the key in Redis and increments its partition's sequence as a writer's script would, but
 * publishes nothing — what an instance sees when the message never reaches it.
 */
class SequencedInvalidationIT {

  private static final int KEYS = 1_000;
  private static final int PARTITIONS = 256;

  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private final Map<String, String> db = new ConcurrentHashMap<>();
  private RedisProcess redis;
  private RedisClient client;
  private RedisCommands<String, String> raw;
  private String name;

  @BeforeEach
  void start() {
    redis = RedisProcess.start();
    client = RedisClient.create("redis://127.0.0.1:" + redis.port());
    StatefulRedisConnection<String, String> c = client.connect();
    closeLater.add(c);
    raw = c.sync();
    name = "seq-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < KEYS; i++) {
      db.put("k" + i, "v" + i);
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closeLater.size() - 1; i >= 0; i--) {
      closeLater.get(i).close();
    }
    client.shutdown();
    redis.close();
  }

  private RedisTier<String, String> tier(Duration refresh) {
    RedisTier<String, String> t = RedisTier.builder(RedisConfig.standalone(redis.uri()), name,
        KeyCodec.strings(), StringCodec.utf8()).refreshInterval(refresh)
        .invalidationPartitions(PARTITIONS).build();
    closeLater.add(t);
    return t;
  }

  private Cache<String, String> cache(RedisTier<String, String> tier) {
    Cache<String, String> c = Caskade.<String, String>builder(name).l2(tier).loader(db::get)
        .ttl(Duration.ofMinutes(10)).build();
    closeLater.add(c);
    return c;
  }

  /** What a writer does for {@code key}, minus the message: source, Redis delete, sequence. */
  private void changeWithoutMessage(String key, String value) {
    db.put(key, value);
    raw.eval("for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end "
        + "return 1", io.lettuce.core.ScriptOutputType.INTEGER, new String[0],
        "c:{" + name + ":*:" + key + "}*");
    raw.hincrby("c:" + name + ":seq", String.valueOf(Partitions.of(key, PARTITIONS)), 1);
  }

  private static int partition(String key) {
    return Partitions.of(key, PARTITIONS);
  }

  /** Reads every key on {@code cache}; how many were L1 hits. */
  private static long l1HitsReadingAll(Cache<String, String> cache) {
    long before = cache.stats().count(CacheEventType.L1_HIT);
    for (int i = 0; i < KEYS; i++) {
      cache.get("k" + i);
    }
    return cache.stats().count(CacheEventType.L1_HIT) - before;
  }

  @Test
  void aSilentlyLostMessageIsFoundByThePeriodicCheckAndCostsOnlyItsPartition() {
    RedisTier<String, String> tier = tier(Duration.ofMillis(200));
    Cache<String, String> x = cache(tier);
    assertThat(l1HitsReadingAll(x)).isZero(); // all loaded now
    Cache<String, String> w = cache(tier(Duration.ofMillis(200)));
    w.invalidate("k1"); // a numbered message X hears: its baseline
    await().atMost(Duration.ofSeconds(5)).until(() -> tier.stats().busReceived() >= 1);
    x.get("k1");

    changeWithoutMessage("k7", "v7-new");
    await().atMost(Duration.ofSeconds(5)).until(() -> "v7-new".equals(x.get("k7")));

    long sameBucket = countInPartitions(Set.of(partition("k7"), partition("k1")));
    assertThat(tier.stats().partitionsLost()).isEqualTo(1);
    assertThat(l1HitsReadingAll(x)).as("L1 kept everything outside the lost partition")
        .isGreaterThanOrEqualTo(KEYS - sameBucket);
  }

  @Test
  void aGapInAPartitionsSequenceDropsThatPartitionAtOnce() {
    RedisTier<String, String> tier = tier(Duration.ofMinutes(10)); // no periodic check in time
    Cache<String, String> x = cache(tier);
    Cache<String, String> w = cache(tier(Duration.ofMinutes(10)));
    l1HitsReadingAll(x);
    String lost = "k3";
    String heard = sameBucketAs(lost);
    w.invalidate(heard); // baseline for the partition
    await().atMost(Duration.ofSeconds(5)).until(() -> tier.stats().busReceived() >= 1);

    changeWithoutMessage(lost, "v3-new");
    assertThat(x.get(lost)).as("not heard, not yet found").isEqualTo("v3");

    w.invalidate(heard); // the partition's next number: one past the lost one
    await().atMost(Duration.ofSeconds(5)).until(() -> tier.stats().busReceived() >= 2);
    assertThat(x.get(lost)).as("the gap dropped the partition").isEqualTo("v3-new");
    assertThat(tier.stats().partitionsLost()).isEqualTo(1);
    assertThat(l1HitsReadingAll(x)).isGreaterThanOrEqualTo(KEYS - countInPartitions(
        Set.of(partition(lost))));
  }

  @Test
  void aBusInterruptionClearsOnlyThePartitionsThatMissedMessages() {
    RedisTier<String, String> tier = tier(Duration.ofMinutes(10));
    Cache<String, String> x = cache(tier);
    Cache<String, String> w = cache(tier(Duration.ofMinutes(10)));
    l1HitsReadingAll(x);
    w.invalidate("k0");
    await().atMost(Duration.ofSeconds(5)).until(() -> tier.stats().busReceived() >= 1);
    x.get("k0");

    long resubscribed = tier.stats().busResubscribed();
    raw.clientKill(KillArgs.Builder.typePubsub());
    Set<Integer> touched = new TreeSet<>();
    for (String key : List.of("k10", "k20", "k30", "k40", "k50")) {
      changeWithoutMessage(key, key + "-new"); // while (or as if while) the subscription was down
      touched.add(partition(key));
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> tier.stats().busResubscribed() > resubscribed);
    await().atMost(Duration.ofSeconds(5)).until(() -> "k50-new".equals(x.get("k50")));
    for (String key : List.of("k10", "k20", "k30", "k40", "k50")) {
      assertThat(x.get(key)).isEqualTo(key + "-new");
    }
    touched.add(partition("k0"));
    long kept = l1HitsReadingAll(x);
    assertThat(kept).as("L1 entries kept across the interruption (before: none)")
        .isGreaterThanOrEqualTo(KEYS - countInPartitions(touched));
    System.out.printf("bus interruption: %d of %d L1 entries kept, %d partitions dropped%n",
        kept, KEYS, tier.stats().partitionsLost());
  }

  private static long countInPartitions(Set<Integer> partitions) {
    long n = 0;
    for (int i = 0; i < KEYS; i++) {
      if (partitions.contains(partition("k" + i))) {
        n++;
      }
    }
    return n;
  }

  private static String sameBucketAs(String key) {
    for (int i = KEYS; ; i++) {
      String other = "k" + i;
      if (partition(other) == partition(key)) {
        return other;
      }
    }
  }
}
