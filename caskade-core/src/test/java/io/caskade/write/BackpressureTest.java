package io.caskade.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A full in-memory queue (capacity 2, the flusher stuck in a slow source) applies its policy to a
 * write of a new key; writes of keys already queued or in flight always fit.
 */
class BackpressureTest {

  private final TestDb db = TestDb.create();
  private final CountDownLatch gate = new CountDownLatch(1);
  private InMemoryWriteBehindQueue<String, String> queue;

  @AfterEach
  void drop() {
    gate.countDown();
    if (queue != null) {
      queue.close();
    }
    db.close();
  }

  /** A queue whose flusher holds "k0" at the gate and whose two slots hold k1, k2. */
  private void fill(FullQueuePolicy policy) throws Exception {
    ScriptedWriter writer = new ScriptedWriter(db.sequencedWriter(), true);
    writer.gate = gate;
    queue = new InMemoryWriteBehindQueue<>("full-" + policy.kind(), WriteBehind.builder()
        .batchSize(1).maxDelay(Duration.ZERO).capacity(2).whenFull(policy).build());
    queue.start(writer);
    queue.enqueue("k0", "a");
    assertThat(writer.entered.await(5, TimeUnit.SECONDS)).isTrue();
    queue.enqueue("k1", "a");
    queue.enqueue("k2", "a");
    // keys already queued or in flight always fit
    queue.enqueue("k1", "b");
    queue.enqueue("k0", "b");
    // k1, k2 and k0=b waiting, k0=a in flight
    assertThat(queue.stats().depth()).isEqualTo(4);
    await().atMost(Duration.ofSeconds(2)).until(() -> queue.stats().lag().toMillis() > 0);
  }

  @Test
  void rejectFailsAtOnce() throws Exception {
    fill(FullQueuePolicy.reject());
    long start = System.nanoTime();
    assertThatThrownBy(() -> queue.enqueue("k3", "a")).isInstanceOf(QueueFullException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(200);
    assertThat(queue.stats().rejected()).isEqualTo(1);
    assertThat(queue.pending("k3")).isEmpty();
  }

  @Test
  void blockWaitsForItsTimeoutThenFails() throws Exception {
    fill(FullQueuePolicy.block(Duration.ofMillis(300)));
    long start = System.nanoTime();
    assertThatThrownBy(() -> queue.enqueue("k3", "a")).isInstanceOf(QueueFullException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 5_000L);
    assertThat(queue.pending("k3")).isEmpty();
  }

  @Test
  void blockSucceedsWhenRoomAppears() throws Exception {
    fill(FullQueuePolicy.block(Duration.ofSeconds(30))); // longer than any stall of a busy machine
    CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> queue.enqueue("k4", "a"));
    await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5))
        .until(() -> !blocked.isDone());
    gate.countDown(); // the source recovers, the flusher drains, room appears
    blocked.get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().depth() == 0);
    assertThat(db.rows()).containsEntry("k0", "b").containsEntry("k1", "b")
        .containsEntry("k2", "a").containsEntry("k4", "a");
  }

  @Test
  void writeThroughWritesTheSourceInTheCallersThread() throws Exception {
    fill(FullQueuePolicy.writeThrough());
    queue.enqueue("k3", "direct");
    assertThat(db.row("k3")).as("in the source when enqueue returns").isEqualTo("direct");
    assertThat(queue.stats().writtenThrough()).isEqualTo(1);
    assertThatThrownBy(() -> queue.enqueue("k5", TestDb.REFUSED))
        .isInstanceOf(CacheWriteException.class);
    gate.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.stats().depth() == 0);
    assertThat(db.rows()).containsEntry("k0", "b").containsEntry("k3", "direct")
        .doesNotContainKey("k5");
  }

  @Test
  void closeWritesWhatIsQueuedWithinTheDeadline() {
    ScriptedWriter writer = new ScriptedWriter(db.sequencedWriter(), true);
    queue = new InMemoryWriteBehindQueue<>("close", WriteBehind.builder().batchSize(1000)
        .maxDelay(Duration.ofMinutes(1)).closeDeadline(Duration.ofSeconds(20)).build());
    queue.start(writer);
    for (int i = 0; i < 500; i++) {
      queue.enqueue("c" + i, "v" + i);
    }
    assertThat(db.rows()).isEmpty(); // no batch is full and the window is a minute long
    queue.close();
    assertThat(db.rows()).hasSize(500);
    assertThat(queue.abandoned()).isZero();
    assertThatThrownBy(() -> queue.enqueue("late", "x")).isInstanceOf(CacheWriteException.class);
  }
}
