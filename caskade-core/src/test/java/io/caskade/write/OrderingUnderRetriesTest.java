package io.caskade.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The first attempt of an older batch fails; a newer write of the same key arrives while the
 * older one waits for its retry. The row must end with the newer value.
 */
class OrderingUnderRetriesTest {

  private final TestDb db = TestDb.create();

  @AfterEach
  void drop() {
    db.close();
  }

  private static boolean containsValue(List<PendingWrite<String, String>> batch, String v) {
    return batch.stream().anyMatch(w -> v.equals(w.value()));
  }

  private void newerWriteWinsOverAFailedOlderOne(CacheWriter<String, String> writerUnderTest,
      ScriptedWriter script) {
    // Fail every batch holding v1 once; the retry comes 400 ms later, long after v2's batch.
    script.failWhen = b -> containsValue(b, "v1") && script.failures.get() == 0;
    InMemoryWriteBehindQueue<String, String> queue = new InMemoryWriteBehindQueue<>("order",
        WriteBehind.builder().batchSize(10).maxDelay(Duration.ofMillis(20))
            .backoff(Duration.ofMillis(400), Duration.ofMillis(400)).jitter(0).build());
    queue.start(writerUnderTest);
    queue.enqueue("k", "v1");
    queue.enqueue("other", "o1");
    await().atMost(Duration.ofSeconds(5)).until(() -> script.failures.get() == 1);
    queue.enqueue("k", "v2");
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().depth() == 0);

    assertThat(db.row("k")).isEqualTo("v2");
    assertThat(db.row("other")).isEqualTo("o1");
    WriteBehindStats stats = queue.stats();
    assertThat(stats.retries()).isGreaterThanOrEqualTo(1);
    assertThat(stats.deadLetters()).isZero();
    queue.close();
    assertThat(db.row("k")).as("nothing older is applied later").isEqualTo("v2");
  }

  @Test
  void withAPlainWriterTheFlusherKeepsPerKeyOrder() {
    ScriptedWriter script = new ScriptedWriter(db.plainWriter(), false);
    newerWriteWinsOverAFailedOlderOne(script.plain(), script);
    // v1 was replaced while it waited: never written after its failed attempt
    long v1Attempts = script.calls.stream().filter(b -> containsValue(b, "v1")).count();
    assertThat(v1Attempts).isEqualTo(1);
  }

  @Test
  void withASequencedWriterTheSourceRefusesALateOlderWrite() throws Exception {
    ScriptedWriter script = new ScriptedWriter(db.sequencedWriter(), true);
    newerWriteWinsOverAFailedOlderOne(script, script);
    // And the guard itself: an older change delivered late (as after a crash) is skipped.
    PendingWrite<String, String> old = new PendingWrite<>("k", "stale", 1, 0, null);
    db.sequencedWriter().apply(List.of(old));
    assertThat(db.row("k")).isEqualTo("v2");
    db.sequencedWriter().apply(List.of(new PendingWrite<>("k", null, 2, 0, null)));
    assertThat(db.row("k")).as("an older delete leaves a newer row").isEqualTo("v2");
  }
}
