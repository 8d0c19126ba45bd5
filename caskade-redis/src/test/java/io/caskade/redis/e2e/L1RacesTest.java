package io.caskade.redis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.metrics.CacheEventType;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.redis.RedisTierBuilder;
import io.caskade.redis.e2e.GatedTier.Point;
import io.caskade.testkit.RedisProcess;
import io.caskade.testkit.RedisServers;
import io.caskade.write.CacheWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Races that used to leave an invalidated value in an instance's L1 for its whole lifetime cap,
 * each forced into its losing order: instance X reads (or fills) the old value, then a write on
 * instance W lands and X hears its invalidation, then X's L1 store runs. After that X must serve
 * the new value, like Redis and every other instance.
 */
class L1RacesTest {

  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private final Map<String, String> db = new ConcurrentHashMap<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void closeAll() throws Exception {
    pool.shutdownNow();
    for (int i = closeLater.size() - 1; i >= 0; i--) {
      closeLater.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T t) {
    closeLater.add(t);
    return t;
  }

  private final CacheWriter<String, String> dbWriter = new CacheWriter<>() {
    @Override
    public void write(String key, String value) {
      db.put(key, value);
    }

    @Override
    public void delete(String key) {
      db.remove(key);
    }
  };

  /** Two instances of one cache: X reads through a gated tier, W writes. */
  private final class Fleet {
    final GatedTier<String, String> gate;
    final Cache<String, String> x;
    final Cache<String, String> w;

    Fleet(String uri, boolean leases, Function<RedisTierBuilder<String, String>,
        RedisTierBuilder<String, String>> tuning) {
      String name = "race-" + UUID.randomUUID().toString().substring(0, 8);
      gate = new GatedTier<>(track(tuning.apply(tier(uri, name).leases(leases)).build()));
      x = track(Caskade.<String, String>builder(name).l2(gate).loader(db::get)
          .writer(dbWriter).build());
      w = track(Caskade.<String, String>builder(name)
          .l2(track(tuning.apply(tier(uri, name).leases(leases)).build()))
          .loader(db::get).writer(dbWriter).build());
    }

    /** W writes {@code value}; returns once X has applied W's invalidation. */
    void writeOnWAndWaitUntilXHeard(String key, String value) {
      long before = x.stats().count(CacheEventType.INVALIDATION);
      w.write(key, value);
      await().atMost(Duration.ofSeconds(5))
          .until(() -> x.stats().count(CacheEventType.INVALIDATION) > before);
    }
  }

  private static RedisTierBuilder<String, String> tier(String uri, String name) {
    return RedisTier.builder(RedisConfig.standalone(uri), name, KeyCodec.strings(),
        io.caskade.codec.StringCodec.utf8());
  }

  private Fleet fleet(boolean leases) {
    return new Fleet(RedisServers.shared(), leases, b -> b);
  }

  @RepeatedTest(3)
  void anL2HitReadBeforeAWriteIsNotStoredInL1AfterItsInvalidation() throws Exception {
    Fleet f = fleet(true);
    db.put("k", "old");
    assertThat(f.w.get("k")).isEqualTo("old"); // Redis holds "old"

    f.gate.arm(Point.AFTER_GET);
    Future<String> read = pool.submit(() -> f.x.get("k"));
    f.gate.awaitHeld();                           // X has "old" from Redis, not yet in its L1
    f.writeOnWAndWaitUntilXHeard("k", "new");     // the write lands; X hears it
    f.gate.release();
    assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("old"); // began before the write

    assertThat(f.x.get("k")).as("X after the write was acknowledged and heard").isEqualTo("new");
  }

  @Test
  void aPeekReadBeforeAWriteIsNotStoredInL1AfterItsInvalidation() throws Exception {
    Fleet f = fleet(true);
    db.put("k", "old");
    assertThat(f.w.get("k")).isEqualTo("old");

    f.gate.arm(Point.AFTER_GET);
    Future<String> peek = pool.submit(() -> f.x.getIfPresent("k"));
    f.gate.awaitHeld();
    f.writeOnWAndWaitUntilXHeard("k", "new");
    f.gate.release();
    assertThat(peek.get(10, TimeUnit.SECONDS)).isEqualTo("old");

    assertThat(f.x.getIfPresent("k")).as("nothing cached after the write's delete").isNull();
    assertThat(f.x.get("k")).isEqualTo("new");
  }

  @Test
  void aBulkReadBeforeAWriteIsNotStoredInL1AfterItsInvalidation() throws Exception {
    Fleet f = fleet(true);
    db.put("k", "old");
    db.put("other", "o");
    assertThat(f.w.getAll(List.of("k", "other"))).containsEntry("k", "old");

    f.gate.arm(Point.AFTER_GET_ALL);
    Future<Map<String, String>> read = pool.submit(() -> f.x.getAll(List.of("k", "other")));
    f.gate.awaitHeld();
    f.writeOnWAndWaitUntilXHeard("k", "new");
    f.gate.release();
    assertThat(read.get(10, TimeUnit.SECONDS)).containsEntry("k", "old");

    assertThat(f.x.get("k")).isEqualTo("new");
    assertThat(f.x.get("other")).isEqualTo("o");
  }

  @RepeatedTest(3)
  void aLeasedFillAcceptedBeforeAWriteIsNotStoredInL1AfterItsInvalidation() throws Exception {
    Fleet f = fleet(true);
    db.put("k", "old");

    f.gate.arm(Point.AFTER_FILL);
    Future<String> read = pool.submit(() -> f.x.get("k")); // X leads: lease, load "old", fill
    f.gate.awaitHeld();                                    // Redis accepted X's fill of "old"
    f.writeOnWAndWaitUntilXHeard("k", "new");              // W writes after the fill; X hears
    f.gate.release();
    assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("old");

    assertThat(f.x.get("k")).as("X after the write was acknowledged and heard").isEqualTo("new");
    assertThat(f.w.get("k")).isEqualTo("new");
  }

  @Test
  void aPutReplacesTheSharedCopyInPlaceAndReachesTheOtherInstancesL1() {
    Fleet f = fleet(true);
    db.put("k", "old");
    assertThat(f.x.get("k")).isEqualTo("old"); // X's L1 holds "old"
    long before = f.x.stats().count(CacheEventType.INVALIDATION);
    f.w.put("k", "new");
    await().atMost(Duration.ofSeconds(5))
        .until(() -> f.x.stats().count(CacheEventType.INVALIDATION) > before);
    assertThat(f.x.get("k")).as("X after W's put").isEqualTo("new");
    assertThat(f.x.stats().loads()).as("served from L2, not reloaded").isEqualTo(1);
  }

  /**
   * The writer's own L1 when its invalidation cannot reach Redis: Redis refuses writes for a while
   * (CLIENT PAUSE WRITE, as during a failover) but still answers reads. The write is acknowledged
   * (the source has it), counted and replayed later; the writer must never read Redis's old copy in
   * the meantime, nor keep it after the replay.
   */
  @Test
  void theWritersOwnL1NeverTakesTheOldValueWhileItsInvalidationWaitsForReplay() throws Exception {
    RedisProcess redis = track(RedisProcess.start());
    Fleet f = new Fleet(redis.uri(), true, b -> b.commandTimeout(Duration.ofMillis(200))
        .breakerOpenFor(Duration.ofMillis(300)).recoveryProbeInterval(Duration.ofMillis(50)));
    db.put("k", "old");
    assertThat(f.w.get("k")).isEqualTo("old");
    assertThat(f.x.get("k")).isEqualTo("old");

    RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
    try (StatefulRedisConnection<String, String> admin = client.connect()) {
      pauseWrites(admin, 1_500);
      f.w.write("k", "new");                   // its delete times out and is queued
      assertThat(f.w.get("k")).as("writer while its invalidation is queued").isEqualTo("new");
      assertThat(f.w.get("k")).isEqualTo("new");
      assertThat(f.w.stats().count(CacheEventType.INVALIDATION_DEFERRED))
          .as("a write whose invalidation could not reach Redis is counted").isEqualTo(1);
    } finally {
      client.shutdown();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> "new".equals(f.x.get("k")));
    assertThat(f.w.get("k")).as("writer after the replay").isEqualTo("new");
  }

  private static void pauseWrites(StatefulRedisConnection<String, String> admin, long millis) {
    io.lettuce.core.codec.StringCodec codec = io.lettuce.core.codec.StringCodec.UTF8;
    String ok = admin.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(codec),
        new CommandArgs<>(codec).add("PAUSE").add(millis).add("WRITE"));
    assertThat(ok).isEqualTo("OK");
  }
}
