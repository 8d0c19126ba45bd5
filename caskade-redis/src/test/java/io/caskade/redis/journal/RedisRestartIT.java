package io.caskade.redis.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.micrometer.WriteBehindMetrics;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.RedisProcess;
import io.caskade.write.PendingWrite;
import io.caskade.write.SequencedWriter;
import io.caskade.write.WriteBehind;
import io.caskade.write.jdbc.JdbcUpsertWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis, without persistence, is SIGKILLed and restarted empty while writes flow into the
 * journal and the flusher is stuck in a slow source: the flusher recreates its group and writes
 * what comes after, and every acknowledged write is either in PostgreSQL or reported lost.
 */
class RedisRestartIT {

  private final RedisProcess redis = RedisProcess.start();
  private final CrashDb db = CrashDb.create();
  private final String name = "restart-" + Long.toHexString(System.nanoTime());

  @AfterEach
  void stop() {
    redis.close();
    db.drop();
  }

  /** The database writer, held at a gate so that a backlog builds in the stream. */
  static final class GatedWriter implements SequencedWriter<String, String> {
    final JdbcUpsertWriter<String, String> target;
    final CountDownLatch open = new CountDownLatch(1);
    final CountDownLatch entered;

    GatedWriter(JdbcUpsertWriter<String, String> target) {
      this(target, 1);
    }

    GatedWriter(JdbcUpsertWriter<String, String> target, int flushers) {
      this.target = target;
      this.entered = new CountDownLatch(flushers);
    }

    @Override
    public void apply(List<PendingWrite<String, String>> changes) throws Exception {
      entered.countDown();
      open.await();
      target.apply(changes);
    }

    @Override
    public void write(String key, String value) throws Exception {
      target.write(key, value);
    }

    @Override
    public void delete(String key) throws Exception {
      target.delete(key);
    }
  }

  @Test
  void theFlusherRecoversAfterRedisRestartsEmpty() throws Exception {
    WriteBehind settings = WriteBehind.builder().batchSize(50).maxDelay(Duration.ofMillis(20))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200)).build();
    List<LostWrites<String, String>> reports = new CopyOnWriteArrayList<>();
    RedisWriteJournal<String, String> journal = RedisWriteJournal.builder(
            RedisConfig.standalone(redis.uri()), name, KeyCodec.strings(), StringCodec.utf8())
        .settings(settings)
        .onLostWrites(reports::add).build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new WriteBehindMetrics(name, journal::stats).bindTo(registry);
    GatedWriter writer = new GatedWriter(db.writer(0));
    Cache<String, String> cache = Caskade.<String, String>builder(name)
        .maximumSize(100_000).writeBehind(writer, journal).build();
    Set<String> acked = ConcurrentHashMap.newKeySet();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger next = new AtomicInteger();
    Thread load = new Thread(() -> {
      while (running.get()) {
        int i = next.getAndIncrement();
        try {
          cache.write("k" + i, "v" + i);
          acked.add("k" + i);
        } catch (RuntimeException refusedWhileDown) {
          // not acknowledged: the caller knows
        }
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
      }
    }, "writes");
    try {
      load.start();
      assertThat(writer.entered.await(10, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(20)).until(() -> acked.size() >= 1_000);

      redis.restart(); // SIGKILL, then a fresh empty server on the same port
      long restartedAt = System.currentTimeMillis();
      int ackedBeforeRestart = acked.size();
      int firstIndexAfter = next.get();
      writer.open.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> acked.size() >= ackedBeforeRestart + 500);
      running.set(false);
      load.join(10_000);

      // The first write acknowledged after the restart reaches the database: flushing again.
      String firstAfter = acked.stream().filter(k -> index(k) >= firstIndexAfter)
          .min(Comparator.comparingInt(RedisRestartIT::index)).orElseThrow();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
          .until(() -> db.rows().containsKey(firstAfter));
      long recoveredAfter = System.currentTimeMillis() - restartedAt;

      // Every acknowledged write is in the database or reported lost, never both.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> {
            Set<String> accounted = new HashSet<>(db.rows().keySet());
            reports.forEach(r -> accounted.addAll(r.keys()));
            return accounted.containsAll(acked) && journal.stats().depth() == 0;
          });
      Set<String> lost = new HashSet<>();
      reports.forEach(r -> lost.addAll(r.keys()));
      Set<String> inDb = db.rows().keySet();
      assertThat(lost).as("lost writes reported").isNotEmpty()
          .doesNotContainAnyElementsOf(inDb);
      int reported = reports.stream().mapToInt(LostWrites::count).sum();
      assertThat(reported).isEqualTo(lost.size());
      assertThat(journal.stats().lostWrites()).isEqualTo(reported);
      assertThat(registry.get("caskade.writebehind.lost").tag("queue", name).functionCounter()
          .count()).isEqualTo(reported);
      assertThat(reports).allSatisfy(r -> assertThat(r.untracked()).isZero());
      assertThat(lost).as("the cache dropped the lost values")
          .allSatisfy(k -> assertThat(cache.getIfPresent(k)).isNull());
      String kept = inDb.iterator().next();
      assertThat(cache.getIfPresent(kept)).isEqualTo("v" + index(kept));
      System.out.printf("journal, Redis restarted without persistence: %d writes acknowledged "
              + "(%d before the restart); %d lost with Redis, all reported (callback, ERROR, "
              + "lostWrites=%d); the other %d in PostgreSQL; first post-restart write in "
              + "PostgreSQL %d ms after the restart%n", acked.size(), ackedBeforeRestart,
          reported, journal.stats().lostWrites(), inDb.size(), recoveredAfter);
    } finally {
      running.set(false);
      writer.open.countDown();
      cache.close();
    }
  }

  @Test
  void withNoWriteAfterTheRestartTheFlusherRecreatesItsGroupItself() {
    List<LostWrites<String, String>> reports = new CopyOnWriteArrayList<>();
    RedisWriteJournal<String, String> journal = RedisWriteJournal.builder(
            RedisConfig.standalone(redis.uri()), name, KeyCodec.strings(), StringCodec.utf8())
        .settings(WriteBehind.builder().maxDelay(Duration.ofMillis(10)).build())
        .onLostWrites(reports::add).build();
    try (journal) {
      journal.start(db.writer(0));
      journal.enqueue("before", "1");
      await().atMost(Duration.ofSeconds(10)).until(() -> db.rows().containsKey("before"));

      redis.restart();
      try (JournalConnection raw = new JournalConnection(RedisConfig.standalone(redis.uri()),
          Duration.ofSeconds(2), Duration.ZERO)) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
            .until(() -> raw.commands.xinfoGroups(journal.streamKey()).size() == 1);
      }
      journal.enqueue("after", "2");
      await().atMost(Duration.ofSeconds(10)).until(() -> db.rows().containsKey("after"));
      assertThat(reports).as("nothing of ours was waiting in Redis").isEmpty();
      assertThat(journal.stats().lostWrites()).isZero();
    }
  }

  @Test
  void withTwoInstancesEveryAcknowledgedWriteIsWrittenOrReportedByItsAppender()
      throws Exception {
    WriteBehind settings = WriteBehind.builder().batchSize(50).maxDelay(Duration.ofMillis(20))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200)).build();
    List<LostWrites<String, String>> reportsA = new CopyOnWriteArrayList<>();
    List<LostWrites<String, String>> reportsB = new CopyOnWriteArrayList<>();
    RedisWriteJournal<String, String> a = RedisWriteJournal.builder(
            RedisConfig.standalone(redis.uri()), name, KeyCodec.strings(), StringCodec.utf8())
        .settings(settings).onLostWrites(reportsA::add).build();
    RedisWriteJournal<String, String> b = RedisWriteJournal.builder(
            RedisConfig.standalone(redis.uri()), name, KeyCodec.strings(), StringCodec.utf8())
        .settings(settings).onLostWrites(reportsB::add).build();
    GatedWriter writer = new GatedWriter(db.writer(0), 2); // both flushers stuck in it
    Set<String> acked = ConcurrentHashMap.newKeySet();
    try {
      a.start(writer);
      b.start(writer);
      int i = 0;
      while (writer.entered.getCount() > 0 || acked.size() < 1_000) {
        a.enqueue("k" + i, "v" + i); // appended by A only; both flushers take entries
        acked.add("k" + i++);
      }
      redis.restart();
      writer.open.countDown();
      int firstAfter = i;
      for (int n = 0; n < 200; ) {
        try {
          a.enqueue("k" + i, "v" + i);
          acked.add("k" + i);
          n++;
        } catch (RuntimeException whileReconnecting) {
          // not acknowledged
        }
        i++;
      }
      String last = "k" + (i - 1);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> db.rows().containsKey(last) && !reportsA.isEmpty());
      Set<String> reported = new HashSet<>();
      reportsA.forEach(r -> reported.addAll(r.keys()));
      Set<String> inDb = db.rows().keySet();
      Set<String> accounted = new HashSet<>(inDb);
      accounted.addAll(reported);
      assertThat(accounted).as("no acknowledged write silently lost").containsAll(acked);
      assertThat(reportsB).as("B appended nothing").isEmpty();
      Set<String> overReported = new HashSet<>(reported);
      overReported.retainAll(inDb);
      assertThat(reported).noneMatch(k -> index(k) >= firstAfter);
      System.out.printf("journal, two instances, Redis restarted without persistence: %d "
              + "writes acknowledged by A before the restart, %d reported lost by A, of which "
              + "%d were written after all (held in hand by a flusher at the restart)%n",
          firstAfter, reported.size(), overReported.size());
    } finally {
      writer.open.countDown();
      a.close();
      b.close();
    }
  }

  private static int index(String key) {
    return Integer.parseInt(key.substring(1));
  }
}
