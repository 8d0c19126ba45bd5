package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.metrics.CacheEventType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class InvalidationTest {

  private final Map<String, String> db = new ConcurrentHashMap<>();

  @Test
  void invalidateDeletesAndTheNextReadSeesTheSource() {
    db.put("k", "old");
    try (Cache<String, String> cache = Caskade.<String, String>builder("inv").loader(db::get).build()) {
      assertThat(cache.get("k")).isEqualTo("old");
      db.put("k", "new");
      assertThat(cache.get("k")).as("still cached").isEqualTo("old");
      cache.invalidate("k");
      assertThat(cache.get("k")).isEqualTo("new");
      db.put("k", "newer");
      cache.invalidateAll(List.of("k"));
      assertThat(cache.get("k")).isEqualTo("newer");
    }
  }

  @Test
  void invalidateAllMakesEveryEntryUnreachable() {
    try (Cache<Integer, String> cache = Caskade.<Integer, String>builder("all").loader(k -> "v" + k).build()) {
      for (int i = 0; i < 100; i++) {
        cache.get(i);
      }
      cache.invalidateAll();
      for (int i = 0; i < 100; i++) {
        assertThat(cache.lookup(i).isCached()).isFalse();
      }
    }
  }

  @Test
  void tagInvalidationDropsOnlyTheTaggedEntries() {
    CountingLoader<String, String> loader = new CountingLoader<>(k -> k + "@" + db.getOrDefault("rev", "1"));
    try (Cache<String, String> cache = Caskade.<String, String>builder("tags").loader(loader)
        .tags((key, value) -> Set.of("tenant:" + key.charAt(0)))
        .build()) {
      cache.get("a1");
      cache.get("a2");
      cache.get("b1");
      db.put("rev", "2");
      cache.invalidateTag("tenant:a");
      assertThat(cache.lookup("a1").isCached()).isFalse();
      assertThat(cache.lookup("a2").isCached()).isFalse();
      assertThat(cache.get("b1")).isEqualTo("b1@1");
      assertThat(cache.get("a1")).isEqualTo("a1@2");
      assertThat(loader.loads).hasValue(4);
    }
  }

  /**
   * The in-process stale-set race: a load reads the old row, a writer updates and invalidates,
   * then the load finishes. The old row must not be left in the cache.
   */
  @RepeatedTest(10)
  void aLoadThatReadTheOldRowDoesNotFillAfterAnInvalidation() throws Exception {
    db.put("k", "old");
    CountDownLatch readDone = new CountDownLatch(1);
    CountDownLatch writeDone = new CountDownLatch(1);
    try (Cache<String, String> cache = Caskade.<String, String>builder("race").loader(k -> {
      String row = db.get(k);
      readDone.countDown();
      writeDone.await(10, TimeUnit.SECONDS);
      return row;
    }).build()) {
      CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> cache.get("k"));
      assertThat(readDone.await(10, TimeUnit.SECONDS)).isTrue();
      db.put("k", "new");
      cache.invalidate("k");
      writeDone.countDown();
      assertThat(reader.get(10, TimeUnit.SECONDS)).as("the reader itself began before the write").isEqualTo("old");
      assertThat(cache.lookup("k").isCached()).as("the old row was not filled").isFalse();
      assertThat(cache.stats().count(CacheEventType.FILL_REJECTED)).isEqualTo(1);
      assertThat(cache.get("k")).isEqualTo("new");
    }
  }
}
