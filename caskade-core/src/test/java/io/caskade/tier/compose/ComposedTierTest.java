package io.caskade.tier.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.entry.Entry;
import io.caskade.tier.Tier;
import io.caskade.tier.TierException;
import io.caskade.time.CacheClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ComposedTierTest {

  private final InMemoryServer server = new InMemoryServer();

  private Tier<String, String> tier() {
    return Tiers.compose(server.store()).noLeases().versions(server.versions())
        .bus(server.bus()).recoveryInterval(Duration.ofMillis(20)).build();
  }

  private Cache<String, String> cache(String name, AtomicInteger loads) {
    return Caskade.<String, String>builder(name).l2(tier())
        .loader(k -> k + "@" + loads.incrementAndGet()).ttl(Duration.ofMinutes(5)).build();
  }

  @Test
  void everyPartMustBeChosenAndTheMessageNamesTheConsequence() {
    assertThatThrownBy(() -> Tiers.compose(server.store()).versions(server.versions())
        .noBus().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("noLeases()").hasMessageContaining("loads a missing key");
    assertThatThrownBy(() -> Tiers.compose(server.store()).noLeases().noBus().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("versions(...)");
    assertThatThrownBy(() -> Tiers.compose(server.store()).noLeases()
        .versions(server.versions()).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("noBus()").hasMessageContaining("l1MaxLifetime");
  }

  @Test
  void unboundTierSaysSoAndOneTierServesOneCache() {
    Tier<String, String> tier = tier();
    assertThatThrownBy(() -> tier.get("k")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not bound");
    tier.bind("a", CacheClock.system());
    assertThatThrownBy(() -> tier.bind("b", CacheClock.system()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'a'");
    tier.close();
  }

  @Test
  void anInvalidationOnOneInstanceReachesTheOtherInstancesL1() {
    AtomicInteger loads = new AtomicInteger();
    try (Cache<String, String> a = cache("users", loads);
        Cache<String, String> b = cache("users", loads)) {
      assertThat(a.get("k")).isEqualTo("k@1");
      assertThat(b.get("k")).isEqualTo("k@1"); // from the shared store, into b's L1
      a.invalidate("k");
      assertThat(b.get("k")).isEqualTo("k@2"); // b's L1 copy was dropped by the bus message
      assertThat(loads).hasValue(2);
    }
  }

  @Test
  void invalidateAllBumpsTheGenerationEverywhere() {
    AtomicInteger loads = new AtomicInteger();
    try (Cache<String, String> a = cache("users", loads);
        Cache<String, String> b = cache("users", loads)) {
      a.get("k");
      b.get("k");
      b.invalidateAll();
      assertThat(a.get("k")).isEqualTo("k@2");
      assertThat(server.counters.get("users/gen")).isEqualTo(1_001L);
    }
  }

  @Test
  void aTagBumpMakesOlderEntriesMissesInTheStore() {
    Tier<String, String> tier = tier();
    tier.bind("t", CacheClock.system());
    long v = tier.tagVersions().current("red");
    long now = System.nanoTime();
    Entry<String> tagged = Entry.of("x", now, now + 60_000_000_000L, now + 60_000_000_000L,
        now + 60_000_000_000L, 0, 1, Map.of("red", v));
    tier.put("k", tagged);
    assertThat(tier.get("k").value()).isEqualTo("x");
    tier.tagVersions().bump("red");
    assertThat(tier.get("k")).isNull();
    assertThat(tier.getAll(List.of("k"))).isEmpty();
    tier.close();
  }

  @Test
  void invalidationsThatCannotReachTheServerAreQueuedAndReplayedInOrder() {
    Tier<String, String> tier = tier();
    tier.bind("q", CacheClock.system());
    long now = System.nanoTime();
    Entry<String> e = Entry.of("old", now, now + 60_000_000_000L, now + 60_000_000_000L,
        now + 60_000_000_000L, 0, 1, Map.of());
    tier.put("k", e);
    server.down = true;
    assertThatThrownBy(() -> tier.invalidate("k")).isInstanceOf(TierException.class)
        .hasMessageContaining("queued");
    ComposedTier<String, String> composed = (ComposedTier<String, String>) tier;
    assertThat(composed.pendingInvalidations()).isEqualTo(1);
    server.down = false;
    // while queued, the store's old copy reads as a miss
    assertThat(tier.get("k")).isNull();
    await().atMost(Duration.ofSeconds(5)).until(() -> composed.pendingInvalidations() == 0);
    assertThat(server.entries).isEmpty();
    assertThat(composed.replayedInvalidations()).isEqualTo(1);
    tier.close();
  }
}
