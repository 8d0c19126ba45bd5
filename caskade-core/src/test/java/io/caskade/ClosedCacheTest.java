package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caskade.write.CacheWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** A closed cache refuses every call by name; nothing reaches the loader or the writer. */
class ClosedCacheTest {

  private final Map<String, String> db = new ConcurrentHashMap<>(Map.of("a", "1", "b", "2"));
  private final AtomicInteger loads = new AtomicInteger();
  private final AtomicInteger writes = new AtomicInteger();

  private Cache<String, String> cache() {
    CacheWriter<String, String> writer = new CacheWriter<>() {
      @Override
      public void write(String key, String value) {
        writes.incrementAndGet();
        db.put(key, value);
      }

      @Override
      public void delete(String key) {
        writes.incrementAndGet();
        db.remove(key);
      }
    };
    return Caskade.<String, String>builder("closed-test")
        .loader(k -> {
          loads.incrementAndGet();
          return db.get(k);
        })
        .writer(writer)
        .build();
  }

  @Test
  void everyMethodOfAClosedCacheThrowsIllegalStateNamingTheCache() {
    Cache<String, String> cache = cache();
    assertThat(cache.get("a")).isEqualTo("1"); // now an L1 hit
    cache.close();
    int loadsBefore = loads.get();

    List<ThrowingCallable> calls = List.of(
        () -> cache.get("a"),
        () -> cache.get("b"),
        () -> cache.get("b", k -> "x"),
        () -> cache.getIfPresent("a"),
        () -> cache.lookup("a"),
        () -> cache.entry("a"),
        () -> cache.getEntry("a"),
        () -> cache.getAll(List.of("a", "b")),
        () -> cache.getAsync("a"),
        () -> cache.getAsync("b", k -> "x"),
        () -> cache.getAllAsync(List.of("a")),
        () -> cache.put("a", "9"),
        () -> cache.write("a", "9"),
        () -> cache.delete("a"),
        () -> cache.invalidate("a"),
        () -> cache.invalidateAll(List.of("a")),
        () -> cache.invalidateAll(),
        () -> cache.invalidateTag("t"),
        () -> cache.keys(),
        () -> io.caskade.warmup.WarmUp.of(cache).run(List.of("a")));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'closed-test'").hasMessageContaining("closed");
    }
    assertThat(loads.get()).as("loads after close").isEqualTo(loadsBefore);
    assertThat(writes.get()).as("writer calls after close").isZero();
    assertThat(db).containsEntry("a", "1");
  }

  @Test
  void nameStatsAndCloseStillWorkAfterClose() {
    Cache<String, String> cache = cache();
    cache.get("a");
    cache.close();
    cache.close(); // idempotent
    assertThat(cache.name()).isEqualTo("closed-test");
    assertThat(cache.stats().loads()).isEqualTo(1);
  }
}
