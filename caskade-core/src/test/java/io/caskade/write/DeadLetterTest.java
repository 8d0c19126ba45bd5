package io.caskade.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A source that keeps refusing a write: write-behind dead-letters it (and the dead letter can be
 * re-driven); write-through and invalidate-on-write throw and leave no refused value in the cache.
 * The refusal is the real database's: a CHECK constraint rejects the value 'refused'.
 */
class DeadLetterTest {

  private final TestDb db = TestDb.create();

  @AfterEach
  void drop() {
    db.close();
  }

  private Cache<String, String> cache(String name, WriteMode mode) {
    return Caskade.<String, String>builder(name)
        .loader(key -> db.row(key))
        .writer(db.sequencedWriter(), mode)
        .build();
  }

  @Test
  void writeThroughThatTheSourceRefusesLeavesTheCacheWithTheSourcesValue() {
    db.exec("INSERT INTO " + db.table + " (id, val, seq) VALUES ('k', 'old', 1)");
    try (Cache<String, String> cache = cache("through-refused", WriteMode.THROUGH)) {
      assertThat(cache.get("k")).isEqualTo("old");
      assertThatThrownBy(() -> cache.write("k", TestDb.REFUSED))
          .isInstanceOf(CacheWriteException.class);
      assertThat(cache.getIfPresent("k")).isNotEqualTo(TestDb.REFUSED);
      assertThat(cache.get("k")).isEqualTo("old");
      assertThat(db.row("k")).isEqualTo("old");
      cache.write("k", "new");
      assertThat(cache.getIfPresent("k")).isEqualTo("new");
      assertThat(db.row("k")).isEqualTo("new");
    }
  }

  @Test
  void invalidateOnWriteThatTheSourceRefusesLeavesTheCacheWithTheSourcesValue() {
    db.exec("INSERT INTO " + db.table + " (id, val, seq) VALUES ('k', 'old', 1)");
    try (Cache<String, String> cache = cache("invalidate-refused", WriteMode.INVALIDATE)) {
      assertThat(cache.get("k")).isEqualTo("old");
      assertThatThrownBy(() -> cache.write("k", TestDb.REFUSED))
          .isInstanceOf(CacheWriteException.class);
      assertThat(cache.getIfPresent("k")).isNotEqualTo(TestDb.REFUSED);
      assertThat(cache.get("k")).isEqualTo("old");
      cache.write("k", "new");
      assertThat(cache.getIfPresent("k")).as("invalidated, not set").isNull();
      assertThat(cache.get("k")).isEqualTo("new");
    }
  }

  @Test
  void writeBehindDeadLettersWhatTheSourceKeepsRefusingAndCanReDriveIt() {
    db.exec("INSERT INTO " + db.table + " (id, val, seq) VALUES ('k', 'old', 1)");
    ScriptedWriter writer = new ScriptedWriter(db.sequencedWriter(), true);
    InMemoryWriteBehindQueue<String, String> queue = new InMemoryWriteBehindQueue<>("dead",
        WriteBehind.builder().batchSize(10).maxDelay(Duration.ofMillis(10)).maxAttempts(3)
            .backoff(Duration.ofMillis(10), Duration.ofMillis(40)).build());
    try (Cache<String, String> cache = Caskade.<String, String>builder("behind-refused")
        .loader(key -> db.row(key))
        .writeBehind(writer, queue)
        .build()) {
      cache.write("k", TestDb.REFUSED); // the CHECK refuses it on every attempt
      cache.write("good", "fine");      // same first batch: must not be sunk by its neighbour
      assertThat(cache.get("k")).as("write-behind serves its own write at first")
          .isEqualTo(TestDb.REFUSED);

      await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetters().size() == 1);
      DeadLetter<String, String> letter = queue.deadLetters().get(0);
      assertThat(letter.key()).isEqualTo("k");
      assertThat(letter.write().value()).isEqualTo(TestDb.REFUSED);
      assertThat(letter.attempts()).isEqualTo(3);
      assertThat(letter.error()).containsIgnoringCase("check");
      await().atMost(Duration.ofSeconds(5)).until(() -> queue.stats().depth() == 0);
      assertThat(db.row("good")).isEqualTo("fine");
      assertThat(db.row("k")).isEqualTo("old");
      // The cache drops the refused value by itself (the dead letter invalidates its key).
      await().atMost(Duration.ofSeconds(5)).until(() -> "old".equals(cache.get("k")));
      WriteBehindStats stats = queue.stats();
      assertThat(stats.deadLetters()).isEqualTo(1);
      assertThat(writer.calls.stream().filter(b -> b.stream().anyMatch(w -> w.key().equals("k")))
          .count()).as("three attempts").isEqualTo(3);
      assertThat(stats.retries()).isBetween(2L, 3L); // 3 when 'good' shared k's first batch

      // The operator fixes the data rule, then re-drives: the write lands.
      db.exec("ALTER TABLE " + db.table + " DROP CONSTRAINT " + checkName());
      assertThat(queue.redrive(letter)).isTrue();
      assertThat(queue.redrive(letter)).as("only once").isFalse();
      await().atMost(Duration.ofSeconds(5)).until(() -> TestDb.REFUSED.equals(db.row("k")));
      assertThat(queue.deadLetters()).isEmpty();
    }
  }

  private String checkName() {
    String sql = db.postgres
        ? "SELECT conname FROM pg_constraint WHERE conrelid = '" + db.table + "'::regclass "
            + "AND contype = 'c'"
        : "SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_NAME = '"
            + db.table.toUpperCase() + "' AND CONSTRAINT_TYPE = 'CHECK'";
    try (var c = db.connect(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
