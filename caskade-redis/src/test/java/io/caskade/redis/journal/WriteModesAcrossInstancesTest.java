package io.caskade.redis.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.CacheBuilder;
import io.caskade.Caskade;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.RedisServers;
import io.caskade.write.WriteBehind;
import io.caskade.write.WriteMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two cache instances on one Redis L2 and one PostgreSQL table: a {@code Cache.write} or
 * {@code Cache.delete} on one, in each write mode, reaches the source and the other instance's
 * L1 (which held the old value) sees the change. Write-behind goes through the Redis journal.
 */
class WriteModesAcrossInstancesTest {

  private final CrashDb db = CrashDb.create();
  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private final String name = "modes-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = closeLater.size() - 1; i >= 0; i--) {
      closeLater.get(i).close();
    }
    try (JournalConnection c = new JournalConnection(
        RedisConfig.standalone(RedisServers.shared()), Duration.ofSeconds(2), Duration.ZERO)) {
      JournalKeys keys = new JournalKeys(name);
      c.commands.del(keys.stream, keys.dead);
    }
    db.drop();
  }

  private Cache<String, String> instance(WriteMode mode) {
    return instance(mode, Duration.ofMillis(20));
  }

  private Cache<String, String> instance(WriteMode mode, Duration window) {
    RedisTier<String, String> tier = RedisTier.builder(
        RedisConfig.standalone(RedisServers.shared()), name, KeyCodec.strings(),
        StringCodec.utf8()).build();
    CacheBuilder<String, String> b = Caskade.<String, String>builder(name)
        .l2(tier)
        .loader(key -> db.rows().get(key));
    if (mode == WriteMode.BEHIND) {
      b.writeBehind(db.writer(0), RedisWriteJournal.builder(
              RedisConfig.standalone(RedisServers.shared()), name, KeyCodec.strings(),
              StringCodec.utf8())
          .settings(WriteBehind.builder().maxDelay(window).build())
          .claimIdle(Duration.ofSeconds(5))
          .build());
    } else {
      b.writer(db.writer(0), mode);
    }
    Cache<String, String> cache = b.build();
    closeLater.add(cache);
    return cache;
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void theOtherInstancesL1SeesAWriteAndADelete(WriteMode mode) {
    db.exec("INSERT INTO " + db.table + " (id, val, seq) VALUES ('k', 'old', 1)");
    Cache<String, String> a = instance(mode);
    Cache<String, String> b = instance(mode);
    assertThat(a.get("k")).isEqualTo("old");
    assertThat(b.get("k")).isEqualTo("old"); // now in b's L1

    a.write("k", "new");
    assertThat(a.get("k")).isEqualTo("new");
    await().atMost(Duration.ofSeconds(5)).until(() -> "new".equals(b.get("k")));
    await().atMost(Duration.ofSeconds(5)).until(() -> "new".equals(db.rows().get("k")));

    a.delete("k");
    await().atMost(Duration.ofSeconds(5)).until(() -> b.get("k") == null);
    await().atMost(Duration.ofSeconds(5)).until(() -> !db.rows().containsKey("k"));
    assertThat(a.get("k")).isNull();
  }

  @Test
  void writeBehindThroughTheJournalReadsItsOwnWritesBeforeTheFlush() {
    Cache<String, String> a = instance(WriteMode.BEHIND, Duration.ofSeconds(2));
    a.write("fresh", "mine");
    a.invalidate("fresh"); // drop the cached copy: the read must still see the queued write
    assertThat(db.rows()).doesNotContainKey("fresh"); // not flushed yet (2 s window)
    assertThat(a.get("fresh")).isEqualTo("mine");
    await().atMost(Duration.ofSeconds(5)).until(() -> "mine".equals(db.rows().get("fresh")));
  }
}
