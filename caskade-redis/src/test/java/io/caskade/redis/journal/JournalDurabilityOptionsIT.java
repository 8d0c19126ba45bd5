package io.caskade.redis.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.RedisProcess;
import io.caskade.write.CacheWriteException;
import io.caskade.write.CacheWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The journal's build-time persistence check and {@code waitForReplicas}, against redis-server
 * processes of the test's own configured as each case needs.
 */
class JournalDurabilityOptionsIT {

  private final String name = "durab-" + Long.toHexString(System.nanoTime());

  private RedisWriteJournal.Builder<String, String> on(RedisProcess redis) {
    return RedisWriteJournal.builder(RedisConfig.standalone(redis.uri()), name,
        KeyCodec.strings(), StringCodec.utf8());
  }

  /** Builds with System.err captured; returns what was logged. */
  private String stderrWhileBuilding(RedisWriteJournal.Builder<String, String> builder) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      builder.build().close();
    } finally {
      System.setErr(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    return out;
  }

  @Test
  void aRedisWithoutPersistenceIsAWarningOrARefusal() {
    try (RedisProcess redis = RedisProcess.start()) { // --save '' --appendonly no
      assertThat(stderrWhileBuilding(on(redis)))
          .contains("WARN", "acknowledged writes would not survive a Redis restart",
              "appendonly=no and save=''");
      assertThatThrownBy(() -> on(redis).requirePersistence().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("refused by requirePersistence()")
          .hasMessageContaining("appendonly=no and save=''");
    }
  }

  @Test
  void snapshotsOnlyOrAnEvictingPolicyAreRefusedTooAndAofIsAccepted() {
    try (RedisProcess rdb = RedisProcess.start("--save", "60 1")) {
      assertThatThrownBy(() -> on(rdb).requirePersistence().build())
          .hasMessageContaining("RDB snapshots only (save='60 1')");
    }
    try (RedisProcess evicting = RedisProcess.start("--appendonly", "yes",
        "--maxmemory-policy", "allkeys-lru")) {
      assertThatThrownBy(() -> on(evicting).requirePersistence().build())
          .hasMessageContaining("maxmemory-policy=allkeys-lru");
    }
    try (RedisProcess aof = RedisProcess.start("--appendonly", "yes")) {
      String log = stderrWhileBuilding(on(aof).requirePersistence());
      assertThat(log).doesNotContain("would not survive");
    }
  }

  @Test
  void whenConfigIsDisabledItSaysItCouldNotCheck() {
    try (RedisProcess redis = RedisProcess.start("--rename-command", "CONFIG", "\"\"")) {
      assertThat(stderrWhileBuilding(on(redis)))
          .contains("WARN", "could not check whether acknowledged writes survive");
      assertThatThrownBy(() -> on(redis).requirePersistence().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not check").hasMessageContaining("CONFIG GET failed");
    }
  }

  /** A writer that records what reaches it. */
  static final class MapWriter implements CacheWriter<String, String> {
    final Map<String, String> rows = new ConcurrentHashMap<>();

    @Override
    public void write(String key, String value) {
      rows.put(key, value);
    }

    @Override
    public void delete(String key) {
      rows.remove(key);
    }
  }

  @Test
  void waitingForAReplicaThatIsNotThereFailsTheWriteClearly() {
    try (RedisProcess redis = RedisProcess.start()) {
      RedisWriteJournal<String, String> journal =
          on(redis).waitForReplicas(1, Duration.ofMillis(200)).build();
      Cache<String, String> cache = Caskade.<String, String>builder(name)
          .writeBehind(new MapWriter(), journal).build();
      try {
        cache.put("k", "old");
        assertThatThrownBy(() -> cache.write("k", "new"))
            .isInstanceOf(CacheWriteException.class)
            .hasMessageContaining("only 0 of 1 replicas required by waitForReplicas")
            .hasMessageContaining("within 200 ms");
        assertThat(cache.getIfPresent("k")).as("the cache is as before the refused write")
            .isEqualTo("old");
        assertThat(journal.stats().rejected()).isEqualTo(1);
        assertThat(journal.stats().enqueued()).isZero();
      } finally {
        cache.close();
      }
    }
  }

  @Test
  void withTheReplicaConnectedConcurrentWritesAreAcknowledgedAndFlushed() throws Exception {
    try (RedisProcess primary = RedisProcess.start();
        RedisProcess replica = RedisProcess.start("--replicaof", "127.0.0.1",
            Integer.toString(primary.port()))) {
      try (JournalConnection raw = new JournalConnection(RedisConfig.standalone(primary.uri()),
          Duration.ofSeconds(2), Duration.ZERO)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> raw.commands.info("replication")
            .contains("state=online"));
      }
      MapWriter writer = new MapWriter();
      RedisWriteJournal<String, String> journal =
          on(primary).waitForReplicas(1, Duration.ofSeconds(2)).build();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try (journal) {
        journal.start(writer);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int thread = t;
          done.add(pool.submit(() -> {
            for (int i = 0; i < 50; i++) {
              journal.enqueue("t" + thread + "-" + i, "v" + i);
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
        assertThat(journal.stats().enqueued()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(20)).until(() -> writer.rows.size() == 400);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
