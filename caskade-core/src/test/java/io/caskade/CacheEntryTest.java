package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caskade.time.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CacheEntryTest {

  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond()
      * 1_000_000_000L);
  private final AtomicInteger loads = new AtomicInteger();

  private Cache<String, String> cache() {
    return Caskade.<String, String>builder("entry-view")
        .loader(k -> {
          loads.incrementAndGet();
          return k.startsWith("missing") ? null : "v-" + k;
        })
        .ttl(Duration.ofSeconds(60))
        .staleWhileRevalidate(Duration.ofSeconds(10))
        .staleIfError(Duration.ofSeconds(300))
        .tags((k, v) -> Set.of("t-" + k))
        .clock(clock)
        .build();
  }

  @Test
  void getEntryLoadsOnceAndExposesTheWindowsVersionAndTags() {
    try (Cache<String, String> cache = cache()) {
      assertThat(cache.entry("a")).isEmpty();
      CacheEntry<String> e = cache.getEntry("a");
      assertThat(e.value()).contains("v-a");
      assertThat(e.remainingFresh()).isEqualTo(Duration.ofSeconds(60));
      assertThat(e.staleWhileRevalidate()).isEqualTo(Duration.ofSeconds(10));
      assertThat(e.staleIfError()).isEqualTo(Duration.ofSeconds(300));
      assertThat(e.tags()).containsExactly("t-a");
      assertThat(e.loadedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));

      clock.advance(Duration.ofSeconds(15));
      CacheEntry<String> held = cache.entry("a").orElseThrow();
      assertThat(held.version()).isEqualTo(e.version());
      assertThat(held.remainingFresh()).isEqualTo(Duration.ofSeconds(45));
      assertThat(held.isFresh()).isTrue();
      assertThat(loads).hasValue(1);
    }
  }

  @Test
  void notFoundIsAnEntryAndEntryNeverLoads() {
    try (Cache<String, String> cache = cache()) {
      assertThat(cache.getEntry("missing-1").isNotFound()).isTrue();
      assertThat(cache.entry("never")).isEmpty();
      assertThat(loads).hasValue(1);
    }
  }

  @Test
  void aCacheWithoutMetadataSaysSo() {
    assertThatThrownBy(() -> new Cache<String, String>() {
      public String name() { return "x"; }
      public String get(String k) { return null; }
      public String get(String k, CacheLoader<? super String, ? extends String> l) { return null; }
      public String getIfPresent(String k) { return null; }
      public Lookup<String> lookup(String k) { return Lookup.absent(); }
      public java.util.Map<String, String> getAll(java.util.Collection<? extends String> ks) { return java.util.Map.of(); }
      public java.util.concurrent.CompletableFuture<String> getAsync(String k) { return null; }
      public java.util.concurrent.CompletableFuture<String> getAsync(String k, CacheLoader<? super String, ? extends String> l) { return null; }
      public java.util.concurrent.CompletableFuture<java.util.Map<String, String>> getAllAsync(java.util.Collection<? extends String> ks) { return null; }
      public void put(String k, String v) {}
      public void write(String k, String v) {}
      public void delete(String k) {}
      public void invalidate(String k) {}
      public void invalidateAll(java.util.Collection<? extends String> ks) {}
      public void invalidateAll() {}
      public void invalidateTag(String t) {}
      public CachedKeys<String> keys() { return null; }
      public CacheStats stats() { return null; }
      public void close() {}
    }.entry("k")).isInstanceOf(UnsupportedOperationException.class);
  }
}
