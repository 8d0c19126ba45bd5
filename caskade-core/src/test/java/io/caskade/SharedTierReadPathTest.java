package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.metrics.CacheEventType;
import io.caskade.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The L1-over-L2 rules of the read path, against an in-memory tier. */
class SharedTierReadPathTest {

  private final FakeClock clock = new FakeClock();
  private final MapTier<String, String> tier = new MapTier<>();
  private final CountingLoader<String, String> loader = new CountingLoader<>(k -> "v-" + k);

  private Cache<String, String> cache(String name) {
    return Caskade.<String, String>builder(name).clock(clock).loader(loader).l2(tier)
        .ttl(Duration.ofMinutes(10))
        .l1MaxLifetime(Duration.ofMinutes(1))
        .build();
  }

  @Test
  void anL2HitFillsL1AndL1IsCappedByItsMaximumLifetime() {
    try (Cache<String, String> a = cache("a"); Cache<String, String> b = cache("b")) {
      assertThat(a.get("k")).isEqualTo("v-k");
      assertThat(b.get("k")).isEqualTo("v-k");
      assertThat(loader.loads).hasValue(1);
      assertThat(b.stats().l2Hits()).isEqualTo(1);
      assertThat(b.get("k")).isEqualTo("v-k");
      assertThat(b.stats().l1Hits()).as("the L2 hit filled L1").isEqualTo(1);

      tier.map.clear(); // L2 lost it; L1 keeps it only up to its cap
      clock.advance(Duration.ofSeconds(59));
      assertThat(b.get("k")).isEqualTo("v-k");
      assertThat(loader.loads).hasValue(1);
      clock.advance(Duration.ofSeconds(1));
      assertThat(b.get("k")).isEqualTo("v-k");
      assertThat(loader.loads).as("L1 cap reached: reloaded").hasValue(2);
    }
  }

  @Test
  void aFailingTierIsCountedAndReadsFallBackToTheSource() {
    try (Cache<String, String> a = cache("down")) {
      tier.down.set(true);
      assertThat(a.get("k")).isEqualTo("v-k");
      assertThat(a.get("k")).as("L1 still serves").isEqualTo("v-k");
      assertThat(a.stats().count(CacheEventType.L2_ERROR)).isPositive();
      a.invalidate("k"); // does not throw while the tier is down
      assertThat(a.lookup("k").isCached()).isFalse();
    }
  }

  @Test
  void whileTheBusIsDownL1IsNotTrustedAndKeepsEntriesOnlyBriefly() {
    try (Cache<String, String> a = Caskade.<String, String>builder("bus").clock(clock).loader(loader)
        .l2(tier).ttl(Duration.ofMinutes(10)).l1LifetimeWhileBusDown(Duration.ofSeconds(5)).build()) {
      a.get("k");
      tier.listener.onBusDown();
      tier.map.clear();
      assertThat(a.lookup("k").isCached()).as("L1 no longer served on bus loss").isFalse();
      a.get("k");
      assertThat(loader.loads).hasValue(2);
      tier.map.clear();
      clock.advance(Duration.ofSeconds(5));
      assertThat(a.lookup("k").isCached()).as("L1 entries live 5s while the bus is down").isFalse();

      tier.listener.onAll(); // the bus is back
      a.get("k");
      tier.map.clear();
      clock.advance(Duration.ofSeconds(30));
      assertThat(a.lookup("k").isCached()).as("normal L1 lifetime again").isTrue();
    }
  }

  @Test
  void whileTheBusIsDownTheOldL1CopyIsStillAFallbackWhenTheSourceFails() {
    java.util.concurrent.atomic.AtomicBoolean sourceDown = new java.util.concurrent.atomic.AtomicBoolean();
    CountingLoader<String, String> flaky = new CountingLoader<>(k -> {
      if (sourceDown.get()) {
        throw new IllegalStateException("source overloaded");
      }
      return "v-" + k;
    });
    try (Cache<String, String> a = Caskade.<String, String>builder("bus-sie").clock(clock)
        .loader(flaky).l2(tier).ttl(Duration.ofMinutes(10)).build()) {
      a.get("k");
      tier.down.set(true); // Redis gone: no L2, no bus
      tier.listener.onBusDown();
      sourceDown.set(true);
      assertThat(a.get("k")).as("the copy from before the outage, inside its TTL").isEqualTo("v-k");
      assertThat(a.stats().count(CacheEventType.STALE_SERVED_SIE)).isEqualTo(1);
      assertThat(flaky.loads).as("the source was asked first").hasValue(2);

      clock.advance(Duration.ofMinutes(10)); // past its TTL (no stale-if-error window configured)
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.get("k"))
          .isInstanceOf(CacheLoadException.class);

      a.invalidate("k");
      tier.listener.onAll();
      sourceDown.set(false);
      assertThat(a.get("k")).isEqualTo("v-k");
    }
  }
}
