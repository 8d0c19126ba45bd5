package io.caskade.redis.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.RedisServers;
import io.caskade.write.WriteBehind;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A child JVM makes 10,000 acknowledged writes (5,000 keys, each written twice) through a
 * write-behind cache on a slow PostgreSQL and is killed with SIGKILL while its flusher is still
 * writing. With the Redis Streams journal a second instance claims the dead one's entries and
 * every acknowledged write's last value reaches the table; with the in-memory queue the
 * unflushed writes are gone.
 */
class CrashRecoveryIT {

  private static final int WRITES = 10_000;
  private static final int KEYS = 5_000;

  private final CrashDb db = CrashDb.create();
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    children.forEach(Process::destroyForcibly);
    db.drop();
  }

  private static Map<String, String> expected() {
    Map<String, String> last = new HashMap<>();
    for (int i = 0; i < WRITES; i++) {
      last.put("k" + (i % KEYS), "v" + i);
    }
    return last;
  }

  private long wrong(Map<String, String> expected) {
    Map<String, String> rows = db.rows();
    return expected.entrySet().stream()
        .filter(e -> !e.getValue().equals(rows.get(e.getKey()))).count();
  }

  /**
   * Starts the child, waits for its ACKED line and for {@code killAfter} changes committed
   * (the journal flushes in write order, so past 5,000 the second pass has begun), then SIGKILLs it;
   * returns how many keys did not hold their last acknowledged value at the kill.
   */
  private long runChildAndKillMidFlush(String mode, String journal, long killAfter)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
        mode, RedisServers.shared(), journal, Integer.toString(WRITES), Integer.toString(KEYS)));
    cmd.addAll(List.of(db.args()));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    children.add(child);
    CompletableFuture<Boolean> acked = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.equals("ACKED " + WRITES)) {
            acked.complete(true);
          } else if (!line.contains("INFO")) {
            System.out.println("[child] " + line);
          }
        }
        acked.complete(false);
      } catch (Exception e) {
        acked.completeExceptionally(e);
      }
    }, "child-output");
    reader.setDaemon(true);
    reader.start();
    assertThat(acked.get(60, TimeUnit.SECONDS)).as("child acknowledged every write").isTrue();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
        .until(() -> db.audited() >= killAfter); // some batches committed, more to come
    child.destroyForcibly(); // SIGKILL
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    long wrongAtKill = wrong(expected());
    assertThat(wrongAtKill).as("the kill came mid-flush: writes were still unflushed")
        .isPositive();
    return wrongAtKill;
  }

  @Test
  void theJournalLosesNoAcknowledgedWriteWhenAnInstanceIsKilledMidFlush() throws Exception {
    String journal = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    long unflushedAtKill = runChildAndKillMidFlush("durable", journal, 6_000);

    RedisWriteJournal<String, String> survivor = RedisWriteJournal.builder(
            RedisConfig.standalone(RedisServers.shared()), journal, KeyCodec.strings(),
            StringCodec.utf8())
        .settings(CrashChild.settings())
        .claimIdle(Duration.ofSeconds(1))
        .build();
    try {
      survivor.start(db.writer(0));
      Map<String, String> expected = expected();
      await().atMost(Duration.ofSeconds(60)).until(() -> wrong(expected) == 0
          && survivor.stats().depth() == 0);
      assertThat(db.rows()).isEqualTo(expected);
      long twice = db.deliveredTwice();
      System.out.printf("durable journal: %d of %d keys unflushed when killed; after recovery "
              + "lost 0 (all %d acknowledged writes' last values present); %d changes applied "
              + "twice (re-delivered after the kill, made no-ops by the sequence guard)%n",
          unflushedAtKill, KEYS, WRITES, twice);
      assertThat(survivor.deadLetters()).isEmpty();
    } finally {
      survivor.close();
      try (var conn = new JournalConnection(RedisConfig.standalone(RedisServers.shared()),
          Duration.ofSeconds(2), Duration.ZERO)) {
        JournalKeys keys = new JournalKeys(journal);
        conn.commands.del(keys.stream, keys.dead);
      }
    }
  }

  @Test
  void theInMemoryQueueLosesWhatWasNotFlushedWhenKilled() throws Exception {
    String name = "crash-mem-" + UUID.randomUUID().toString().substring(0, 8);
    runChildAndKillMidFlush("memory", name, 2_000);
    // Nothing survives the process: a new instance has nothing to recover.
    long lost = wrong(expected());
    System.out.printf("in-memory queue: %d of %d keys lost their last acknowledged write "
        + "(%d acknowledged writes)%n", lost, KEYS, WRITES);
    assertThat(lost).isPositive();
  }
}
