package io.caskade.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caskade.Caskade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.SimpleKey;

class CaskadeSpringCacheTest {

  private final CaskadeCacheManager manager = CaskadeCacheManager.builder(
          name -> Caskade.<String, Object>builder(name).ttl(Duration.ofMinutes(1)).build())
      .cacheNames("users")
      .build();
  private final Cache cache = manager.getCache("users");

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void concurrentSyncGetsOfOneKeyLoadOnce() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        calls.add(pool.submit(() -> cache.get(1L, () -> {
          loads.incrementAndGet();
          release.await();
          return "one";
        })));
      }
      release.countDown();
      for (Future<String> call : calls) {
        assertThat(call.get()).isEqualTo("one");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loads).hasValue(1);
    assertThat(cache.get(1L).get()).isEqualTo("one");
  }

  @Test
  void aFailedLoadArrivesAsValueRetrievalExceptionWithTheOriginalCause() {
    IllegalStateException boom = new IllegalStateException("database down");
    assertThatThrownBy(() -> cache.get(2L, () -> {
      throw boom;
    })).isInstanceOf(Cache.ValueRetrievalException.class).hasCause(boom);
    assertThat(cache.get(2L)).isNull();
  }

  @Test
  void nullIsCachedAsNotFound() {
    AtomicInteger loads = new AtomicInteger();
    assertThat((Object) cache.get(3L, () -> {
      loads.incrementAndGet();
      return null;
    })).isNull();
    assertThat(cache.get(3L)).isNotNull();
    assertThat(cache.get(3L).get()).isNull();
    assertThat((Object) cache.get(3L, () -> "never")).isNull();
    assertThat(loads).hasValue(1);
  }

  @Test
  void putEvictAndClear() {
    cache.put(new SimpleKey("a", 1), "a1");
    cache.put("b", "b");
    assertThat(cache.get(new SimpleKey("a", 1), String.class)).isEqualTo("a1");
    cache.evict(new SimpleKey("a", 1));
    assertThat(cache.get(new SimpleKey("a", 1))).isNull();
    assertThat(cache.get("b", String.class)).isEqualTo("b");
    cache.clear();
    assertThat(cache.get("b")).isNull();
    cache.put("c", null);
    assertThat(cache.get("c")).isNull();
  }

  @Test
  void keysWithoutAStableStringAreRefused() {
    assertThatThrownBy(() -> cache.get(new Object(), () -> "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no stable string form");
  }

  @Test
  void retrieveServesCompletableFuturesWithOneLoad() throws Exception {
    assertThat(cache.retrieve(4L)).isNull();
    AtomicInteger loads = new AtomicInteger();
    List<CompletableFuture<String>> calls = new ArrayList<>();
    CompletableFuture<String> slow = new CompletableFuture<>();
    for (int i = 0; i < 10; i++) {
      calls.add(cache.retrieve(4L, () -> {
        loads.incrementAndGet();
        return slow;
      }));
    }
    slow.complete("four");
    for (CompletableFuture<String> call : calls) {
      assertThat(call.get()).isEqualTo("four");
    }
    assertThat(loads).hasValue(1);
    assertThat(((Cache.ValueWrapper) cache.retrieve(4L).get()).get()).isEqualTo("four");

    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<String> failed = cache.retrieve(5L,
        () -> CompletableFuture.failedFuture(boom));
    assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).hasCause(boom);
  }

  @Test
  void theManagerListsAndCreatesCaches() {
    assertThat(manager.getCacheNames()).containsExactly("users");
    assertThat(manager.getCache("orders")).isNotNull();
    assertThat(manager.getCacheNames()).containsExactly("users", "orders");
    CaskadeCacheManager fixed = CaskadeCacheManager.builder(
        name -> Caskade.<String, Object>builder(name).build()).cacheNames("a").dynamic(false)
        .build();
    assertThat(fixed.getCache("b")).isNull();
    fixed.close();
  }
}
