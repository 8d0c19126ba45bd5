package io.caskade.redis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.RedisProcess;
import io.caskade.testkit.RedisServers;
import io.caskade.write.CacheWriter;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A steady mixed load on several instances sharing one Redis: readers on every instance, writers
 * changing the source through {@code cache.write} (delete-on-write). Every read is checked against
 * the writes acknowledged before it began: none may return a version older than one acknowledged
 * more than {@link #BOUND} before the read started — with healthy servers, and with the
 * subscribers' connections killed again and again.
 */
class StaleReadsUnderLoadIT {

  private static final Duration BOUND = Duration.ofSeconds(1);
  private static final int KEYS = 64;
  private static final Duration RUN = Duration.ofSeconds(3);

  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  /** The source: key → latest committed version. */
  private final Map<String, Long> db = new ConcurrentHashMap<>();
  /** Per key: version → when its write was acknowledged (nanoTime). */
  private final Map<String, ConcurrentSkipListMap<Long, Long>> acked = new ConcurrentHashMap<>();

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

  @Test
  void noReadIsOlderThanAWriteAcknowledgedABoundBeforeIt() throws Exception {
    Outcome o = run(RedisServers.shared(), null);
    assertThat(o.reads).as("reads done").isGreaterThan(1_000);
    assertThat(o.writes).as("writes done").isGreaterThan(50);
    assertThat(o.staleBeyondBound).as("reads older than a write acknowledged %s before: %s", BOUND,
        o).isZero();
  }

  @Test
  void noReadIsOlderThanTheBoundWhileSubscriberConnectionsAreKilled() throws Exception {
    RedisProcess redis = track(RedisProcess.start());
    RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port());
    try (StatefulRedisConnection<String, String> admin = client.connect()) {
      Outcome o = run(redis.uri(), () -> admin.sync().clientKill(KillArgs.Builder.typePubsub()));
      assertThat(o.busKills).as("subscriber connections killed").isGreaterThan(3);
      assertThat(o.reads).isGreaterThan(1_000);
      assertThat(o.staleBeyondBound).as("reads older than a write acknowledged %s before: %s",
          BOUND, o).isZero();
    } finally {
      client.shutdown();
    }
  }

  private record Outcome(long reads, long writes, long staleBeyondBound, long busKills) {}

  private Outcome run(String uri, Runnable busFault) throws Exception {
    String name = "steady-" + UUID.randomUUID().toString().substring(0, 8);
    CacheWriter<String, String> writer = new CacheWriter<>() {
      @Override
      public void write(String key, String value) {
        db.put(key, Long.parseLong(value));
      }

      @Override
      public void delete(String key) {
        db.remove(key);
      }
    };
    List<Cache<String, String>> instances = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      RedisTier<String, String> tier = track(RedisTier.builder(RedisConfig.standalone(uri), name,
          KeyCodec.strings(), StringCodec.utf8()).build());
      instances.add(track(Caskade.<String, String>builder(name).l2(tier)
          .loader(k -> String.valueOf(db.getOrDefault(k, 0L)))
          .ttl(Duration.ofMinutes(10)) // only invalidation can make a read fresh
          .writer(writer).build()));
    }
    for (int k = 0; k < KEYS; k++) {
      db.put("k" + k, 0L);
      acked.put("k" + k, new ConcurrentSkipListMap<>(Map.of(0L, 0L)));
    }
    AtomicLong reads = new AtomicLong();
    AtomicLong writes = new AtomicLong();
    AtomicLong stale = new AtomicLong();
    AtomicLong kills = new AtomicLong();
    AtomicLong versions = new AtomicLong();
    long end = System.nanoTime() + RUN.toNanos();
    long bound = BOUND.toNanos();
    List<Future<?>> work = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int home = w;
      work.add(pool.submit(() -> {
        Cache<String, String> cache = instances.get(home);
        while (System.nanoTime() < end) {
          String key = "k" + ThreadLocalRandom.current().nextInt(KEYS);
          synchronized (acked.get(key)) { // one writer per key at a time: versions rise with commits
            long v = versions.incrementAndGet();
            cache.write(key, String.valueOf(v));
            acked.get(key).put(v, System.nanoTime());
          }
          writes.incrementAndGet();
          pause(2);
        }
        return null;
      }));
    }
    for (int r = 0; r < 12; r++) {
      Cache<String, String> cache = instances.get(r % instances.size());
      work.add(pool.submit(() -> {
        while (System.nanoTime() < end) {
          String key = "k" + ThreadLocalRandom.current().nextInt(KEYS);
          long start = System.nanoTime();
          long read = Long.parseLong(cache.get(key));
          Map.Entry<Long, Long> due = newestAckedBefore(acked.get(key), start - bound);
          if (due != null && read < due.getKey()) {
            stale.incrementAndGet();
          }
          reads.incrementAndGet();
        }
        return null;
      }));
    }
    if (busFault != null) {
      work.add(pool.submit(() -> {
        while (System.nanoTime() < end) {
          pause(300);
          busFault.run();
          kills.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> f : work) {
      f.get(RUN.toSeconds() + 30, TimeUnit.SECONDS);
    }
    return new Outcome(reads.get(), writes.get(), stale.get(), kills.get());
  }

  /** The highest version acknowledged at or before {@code instant}. */
  private static Map.Entry<Long, Long> newestAckedBefore(ConcurrentSkipListMap<Long, Long> log,
      long instant) {
    Map.Entry<Long, Long> best = null;
    for (Map.Entry<Long, Long> e : log.descendingMap().entrySet()) {
      if (e.getValue() <= instant) {
        best = e;
        break;
      }
    }
    return best;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis); // pacing the load generator, not waiting for a condition
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
