package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.entry.Entry;
import io.caskade.metrics.CacheEventType;
import io.caskade.tier.Lease;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Waiting for another instance's leased load: the waiter waits through the tier's
 * {@code awaitChange} (so a tier that hears of fills wakes it at once), never longer than the poll
 * ceiling between looks; and a load that goes ahead without the lease is counted.
 */
class LeaseWaitTest {

  private final LeasedMapTier<String, String> tier = new LeasedMapTier<>();
  private final CountingLoader<String, String> loader = new CountingLoader<>(k -> "mine");

  private Cache<String, String> cache(Duration leaseWait) {
    return Caskade.<String, String>builder("lease-wait").loader(loader).l2(tier)
        .leaseWait(leaseWait).build();
  }

  @Test
  void aWaiterWaitsThroughTheTiersAwaitChangeAndTakesTheHoldersFill() throws Exception {
    try (Cache<String, String> cache = cache(Duration.ofSeconds(10))) {
      Lease theirs = tier.acquire("k"); // another instance loads
      CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> cache.get("k"));
      await().atMost(Duration.ofSeconds(10)).until(() -> !tier.awaitBounds.isEmpty());

      tier.fill("k", Entry.of("theirs", 0, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 0, 0,
          Map.of()), theirs);

      assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("theirs");
      assertThat(loader.loads).hasValue(0);
      assertThat(tier.awaitBounds).as("each wait bounded by the poll ceiling")
          .allMatch(n -> n > 0 && n <= TimeUnit.MILLISECONDS.toNanos(20));
      assertThat(cache.stats().count(CacheEventType.LEASE_UNAVAILABLE)).isZero();
    }
  }

  @Test
  void aFailedLeaseCallIsCountedWhenTheInstanceLoadsOnItsOwn() {
    try (Cache<String, String> cache = cache(Duration.ofSeconds(10))) {
      tier.acquireFails.set(true);

      assertThat(cache.get("k")).isEqualTo("mine");

      assertThat(loader.loads).hasValue(1);
      assertThat(cache.stats().count(CacheEventType.LEASE_UNAVAILABLE)).isEqualTo(1);
    }
  }

  @Test
  void aWaitThatEndsWithNeitherFillNorLeaseIsCounted() {
    try (Cache<String, String> cache = cache(Duration.ofMillis(50))) {
      tier.acquire("k"); // a holder that never fills

      assertThat(cache.get("k")).isEqualTo("mine");

      assertThat(loader.loads).hasValue(1);
      assertThat(cache.stats().count(CacheEventType.LEASE_WAIT)).isEqualTo(1);
      assertThat(cache.stats().count(CacheEventType.LEASE_UNAVAILABLE)).isEqualTo(1);
    }
  }
}
