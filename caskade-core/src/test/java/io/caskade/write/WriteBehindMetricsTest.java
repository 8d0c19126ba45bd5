package io.caskade.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.micrometer.WriteBehindMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue's stats through Micrometer: depth and lag while waiting, counters after the flush. */
class WriteBehindMetricsTest {

  private final TestDb db = TestDb.create();

  @AfterEach
  void drop() {
    db.close();
  }

  @Test
  void depthLagAndCountersReachTheRegistry() {
    InMemoryWriteBehindQueue<String, String> queue = new InMemoryWriteBehindQueue<>("metered",
        WriteBehind.builder().maxDelay(Duration.ofMillis(500)).build());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new WriteBehindMetrics("metered", queue::stats).bindTo(registry);
    queue.start(db.sequencedWriter());
    queue.enqueue("a", "1");
    queue.enqueue("a", "2");
    queue.enqueue("b", "1");
    // 2 keys; 3 entries for a moment if the flusher took a = 1 before a = 2 came (they coalesce in
    // the flusher's hands, before the write)
    assertThat(registry.get("caskade.writebehind.depth").tag("queue", "metered").gauge().value())
        .isBetween(2.0, 3.0);
    await().atMost(Duration.ofSeconds(2)).until(() ->
        registry.get("caskade.writebehind.lag").gauge().value() > 0.05);
    await().atMost(Duration.ofSeconds(5)).until(() ->
        registry.get("caskade.writebehind.written").functionCounter().count() == 2);
    assertThat(registry.get("caskade.writebehind.depth").gauge().value()).isZero();
    assertThat(registry.get("caskade.writebehind.lag").gauge().value()).isZero();
    assertThat(registry.get("caskade.writebehind.enqueued").functionCounter().count()).isEqualTo(3);
    assertThat(registry.get("caskade.writebehind.coalesced").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.get("caskade.writebehind.batches").functionCounter().count())
        .isEqualTo(1);
    queue.close();
  }
}
