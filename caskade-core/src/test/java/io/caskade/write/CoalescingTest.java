package io.caskade.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 1,000 writes to 10 keys inside one batching window reach the source as at most 10 rows. */
class CoalescingTest {

  private final TestDb db = TestDb.create();

  @AfterEach
  void drop() {
    db.close();
  }

  @Test
  void thousandWritesToTenKeysInOneWindowWriteAtMostTenRowsPerBatch() {
    ScriptedWriter writer = new ScriptedWriter(db.sequencedWriter(), true);
    InMemoryWriteBehindQueue<String, String> queue = new InMemoryWriteBehindQueue<>("coalesce",
        WriteBehind.builder().batchSize(100).maxDelay(Duration.ofSeconds(2)).build());
    queue.start(writer);
    Map<String, String> last = new HashMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < 1_000; i++) {
      String key = "k" + (i % 10);
      String value = "v" + i;
      queue.enqueue(key, value);
      last.put(key, value);
    }
    long enqueueMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(enqueueMillis).as("the writes fit in one 2 s window").isLessThan(2_000);
    // read-your-writes before the flush
    assertThat(queue.pending("k3")).contains(java.util.Optional.of("v993"));

    await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().depth() == 0);

    assertThat(db.rows()).isEqualTo(last);
    for (List<PendingWrite<String, String>> batch : writer.calls) {
      assertThat(batch).hasSizeLessThanOrEqualTo(10);
    }
    assertThat(writer.rowsWritten()).isEqualTo(10);
    WriteBehindStats stats = queue.stats();
    assertThat(stats.enqueued()).isEqualTo(1_000);
    assertThat(stats.coalesced()).isEqualTo(990);
    assertThat(stats.written()).isEqualTo(10);
    assertThat(stats.batches()).isEqualTo(writer.calls.size());
    System.out.printf("coalescing: 1000 writes to 10 keys -> %d batch(es), %d rows, %d coalesced%n",
        writer.calls.size(), writer.rowsWritten(), stats.coalesced());
    queue.close();
  }

  @Test
  void aDeleteAfterAWriteWinsAndAWriteAfterADeleteWins() {
    db.exec("INSERT INTO " + db.table + " (id, val, seq) VALUES ('gone', 'old', 1), "
        + "('back', 'old', 1)");
    ScriptedWriter writer = new ScriptedWriter(db.sequencedWriter(), true);
    InMemoryWriteBehindQueue<String, String> queue = new InMemoryWriteBehindQueue<>("deletes",
        WriteBehind.builder().maxDelay(Duration.ofSeconds(1)).build());
    queue.start(writer);
    queue.enqueue("gone", "new");
    queue.enqueue("gone", null);
    queue.enqueue("back", null);
    queue.enqueue("back", "again");
    assertThat(queue.pending("gone")).contains(java.util.Optional.empty());
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().depth() == 0);
    assertThat(db.rows()).containsExactly(Map.entry("back", "again"));
    assertThat(writer.rowsWritten()).isEqualTo(2);
    queue.close();
  }
}
