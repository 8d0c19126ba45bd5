package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.metrics.CacheEventType;
import io.caskade.time.FakeClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EarlyRefreshCacheTest {

  @Test
  void refreshAheadRefreshesAHotKeyOnceInTheBackground() {
    FakeClock clock = new FakeClock();
    AtomicInteger version = new AtomicInteger();
    CountingLoader<String, String> loader = new CountingLoader<>(k -> "v" + version.incrementAndGet());
    try (Cache<String, String> cache = Caskade.<String, String>builder("ahead")
        .clock(clock).loader(loader)
        .ttl(Duration.ofSeconds(30))
        .refreshAhead(Duration.ofSeconds(5))
        .build()) {
      assertThat(cache.get("k")).isEqualTo("v1");
      clock.advance(Duration.ofSeconds(24));
      for (int i = 0; i < 100; i++) {
        assertThat(cache.get("k")).isEqualTo("v1");
      }
      assertThat(loader.loads).as("outside the window: no refresh").hasValue(1);

      clock.advance(Duration.ofSeconds(2)); // 4s before expiry
      for (int i = 0; i < 100; i++) {
        cache.get("k"); // never blocks: the current value is fresh
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> "v2".equals(cache.getIfPresent("k")));
      assertThat(loader.loads).as("one refresh for 100 hits in the window").hasValue(2);
      assertThat(cache.stats().count(CacheEventType.REFRESH_SUCCESS)).isEqualTo(1);
    }
  }

  @Test
  void xfetchRefreshesBeforeExpiryWhenTheLoadIsExpensive() {
    FakeClock clock = new FakeClock();
    AtomicInteger version = new AtomicInteger();
    try (Cache<String, String> cache = Caskade.<String, String>builder("xfetch")
        .clock(clock)
        .randomSeed(7)
        .earlyRefresh(1.0)
        .ttl(Duration.ofSeconds(60))
        .loader(k -> {
          java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // a costly query
          return "v" + version.incrementAndGet();
        })
        .build()) {
      assertThat(cache.get("k")).isEqualTo("v1");
      clock.advance(Duration.ofSeconds(30)); // 30s before expiry vs ~20ms load cost: p = e^-1500
      for (int i = 0; i < 1_000; i++) {
        cache.get("k");
      }
      assertThat(cache.stats().count(CacheEventType.REFRESH_STARTED)).isZero();

      clock.advance(Duration.ofSeconds(30).minusNanos(1)); // 1ns before expiry: p ~ 1
      assertThat(cache.get("k")).isEqualTo("v1");
      await().atMost(Duration.ofSeconds(5)).until(() -> "v2".equals(cache.getIfPresent("k")));
      assertThat(cache.stats().count(CacheEventType.REFRESH_STARTED)).isEqualTo(1);
    }
  }

  @Test
  void aFailedRefreshKeepsTheOldValueAndIsCounted() {
    FakeClock clock = new FakeClock();
    AtomicInteger calls = new AtomicInteger();
    try (Cache<String, String> cache = Caskade.<String, String>builder("refresh-fail")
        .clock(clock)
        .ttl(Duration.ofSeconds(10))
        .refreshAhead(Duration.ofSeconds(5))
        .loader(k -> {
          if (calls.incrementAndGet() > 1) {
            throw new IllegalStateException("source down");
          }
          return "v1";
        })
        .build()) {
      cache.get("k");
      clock.advance(Duration.ofSeconds(6));
      assertThat(cache.get("k")).isEqualTo("v1");
      await().atMost(Duration.ofSeconds(5))
          .until(() -> cache.stats().count(CacheEventType.REFRESH_FAILURE) == 1);
      assertThat(cache.getIfPresent("k")).isEqualTo("v1");
    }
  }

  @Test
  void aFullRefreshPoolIsCountedNotSilentlyDropped() throws Exception {
    FakeClock clock = new FakeClock();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    try (Cache<Integer, String> cache = Caskade.<Integer, String>builder("refresh-full")
        .clock(clock)
        .ttl(Duration.ofSeconds(10))
        .refreshAhead(Duration.ofSeconds(5))
        .refreshConcurrency(1, 0)
        .loader(k -> {
          if (loads.incrementAndGet() > 3) {
            release.await();
          }
          return "v";
        })
        .build()) {
      cache.get(1);
      cache.get(2);
      cache.get(3);
      clock.advance(Duration.ofSeconds(6));
      cache.get(1); // occupies the only refresh thread
      await().until(() -> loads.get() == 4);
      cache.get(2); // pool full: rejected
      cache.get(3); // pool full: rejected
      assertThat(cache.stats().count(CacheEventType.REFRESH_REJECTED)).isEqualTo(2);
      release.countDown();
    }
  }
}
