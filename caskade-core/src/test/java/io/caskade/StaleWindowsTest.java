package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.caskade.metrics.CacheEventType;
import io.caskade.time.FakeClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Stale-while-revalidate and stale-if-error, driven by a fake clock at each boundary. */
class StaleWindowsTest {

  private static final long NANO = 1;

  @Test
  void staleWhileRevalidateTimeline() {
    FakeClock clock = new FakeClock();
    AtomicInteger version = new AtomicInteger();
    CountingLoader<String, String> loader = new CountingLoader<>(k -> "v" + version.incrementAndGet());
    try (Cache<String, String> cache = Caskade.<String, String>builder("swr")
        .clock(clock).loader(loader)
        .ttl(Duration.ofSeconds(10))
        .staleWhileRevalidate(Duration.ofSeconds(5))
        .build()) {
      assertThat(cache.get("k")).isEqualTo("v1");

      clock.advance(Duration.ofSeconds(10).minusNanos(NANO)); // last fresh instant
      assertThat(cache.get("k")).isEqualTo("v1");
      assertThat(loader.loads).hasValue(1);

      clock.advance(Duration.ofNanos(NANO)); // freshUntil: stale, inside SWR
      assertThat(cache.get("k")).as("stale value served at once").isEqualTo("v1");
      await().atMost(Duration.ofSeconds(5)).until(() -> "v2".equals(cache.getIfPresent("k")));
      assertThat(loader.loads).as("exactly one background refresh").hasValue(2);
      assertThat(cache.stats().count(CacheEventType.STALE_SERVED_SWR)).isEqualTo(1);

      // The refreshed entry has its own windows; let it age past SWR entirely.
      clock.advance(Duration.ofSeconds(15).minusNanos(NANO)); // last SWR instant
      assertThat(cache.get("k")).isEqualTo("v2");
      await().atMost(Duration.ofSeconds(5)).until(() -> loader.loads.get() == 3);

      clock.advance(Duration.ofSeconds(15)); // past staleUntil of v3: a blocking load
      assertThat(cache.get("k")).isEqualTo("v4");
      assertThat(loader.loads).hasValue(4);
    }
  }

  @Test
  void staleIfErrorTimeline() {
    FakeClock clock = new FakeClock();
    AtomicBoolean sourceDown = new AtomicBoolean();
    CountingLoader<String, String> loader = new CountingLoader<>(k -> {
      if (sourceDown.get()) {
        throw new IllegalStateException("database unreachable");
      }
      return "good";
    });
    try (Cache<String, String> cache = Caskade.<String, String>builder("sie")
        .clock(clock).loader(loader)
        .ttl(Duration.ofSeconds(10))
        .staleIfError(Duration.ofSeconds(60))
        .build()) {
      assertThat(cache.get("k")).isEqualTo("good");
      sourceDown.set(true);

      clock.advance(Duration.ofSeconds(10)); // expired; the load fails; inside SIE
      assertThat(cache.get("k")).isEqualTo("good");
      assertThat(cache.stats().count(CacheEventType.STALE_SERVED_SIE)).isEqualTo(1);

      clock.advance(Duration.ofSeconds(60).minusNanos(NANO)); // last SIE instant
      assertThat(cache.get("k")).isEqualTo("good");

      clock.advance(Duration.ofNanos(NANO)); // errorUntil: nothing to fall back on
      assertThatThrownBy(() -> cache.get("k"))
          .isInstanceOf(CacheLoadException.class)
          .hasRootCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("database unreachable");

      sourceDown.set(false);
      assertThat(cache.get("k")).as("recovers when the source does").isEqualTo("good");
    }
  }

  @Test
  void staleIfErrorCoversALoadThatTimesOut() {
    FakeClock clock = new FakeClock();
    AtomicBoolean hang = new AtomicBoolean();
    try (Cache<String, String> cache = Caskade.<String, String>builder("sie-timeout")
        .clock(clock)
        .loadTimeout(Duration.ofMillis(200))
        .loader(k -> {
          if (hang.get()) {
            new java.util.concurrent.CountDownLatch(1).await(); // hangs until interrupted
          }
          return "good";
        })
        .ttl(Duration.ofSeconds(10))
        .staleIfError(Duration.ofSeconds(60))
        .build()) {
      assertThat(cache.get("k")).isEqualTo("good");
      hang.set(true);
      clock.advance(Duration.ofSeconds(11));
      assertThat(cache.get("k")).isEqualTo("good");
      assertThat(cache.stats().count(CacheEventType.STALE_SERVED_SIE)).isEqualTo(1);
      assertThat(cache.stats().count(CacheEventType.LOAD_FAILURE)).isEqualTo(1);
    }
  }
}
