package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.entry.Entry;
import io.caskade.metrics.CacheEventType;
import io.caskade.tier.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A herd on one JVM coalesces before it touches L2: the callers that miss L1 while one of them
 * reads the key's L2 entry take that read's answer, so the herd costs one L2 read (and, on a miss,
 * one claim — the value if another instance filled it meanwhile, else the lease — and one load),
 * not one read per caller.
 */
class CoalescedReadsTest {

  private static final int CALLERS = 64;

  @Test
  void aHerdOnAKeyOnlyL2HoldsCostsOneL2Read() throws Exception {
    LeasedMapTier<String, String> tier = new LeasedMapTier<>();
    CountingLoader<String, String> loader = new CountingLoader<>(k -> "loaded");
    try (Cache<String, String> cache = Caskade.<String, String>builder("coalesce")
        .loader(loader).l2(tier).build()) {
      tier.values.put("hot", forever("shared")); // another instance filled it: not in our L1

      List<String> seen = herd(cache, tier);

      assertThat(seen).hasSize(CALLERS).containsOnly("shared");
      assertThat(tier.gets).as("L2 reads for the herd").hasValue(1);
      assertThat(loader.loads).hasValue(0);
      assertThat(cache.stats().l2Hits()).as("every caller was answered from L2").isEqualTo(CALLERS);
    }
  }

  @Test
  void aHerdOnAMissingKeyCostsOneReadOneLeaseAndOneLoad() throws Exception {
    LeasedMapTier<String, String> tier = new LeasedMapTier<>();
    CountingLoader<String, String> loader = new CountingLoader<>(k -> "loaded");
    try (Cache<String, String> cache = Caskade.<String, String>builder("coalesce")
        .loader(loader).l2(tier).build()) {
      List<String> seen = herd(cache, tier);

      assertThat(seen).hasSize(CALLERS).containsOnly("loaded");
      assertThat(loader.loads).hasValue(1);
      // the herd's read, then one claim: the value if filled meanwhile, else the lease (one call)
      assertThat(tier.gets).as("L2 reads for the herd").hasValue(1);
      assertThat(tier.claims).as("claims (a look and a lease attempt in one)").hasValue(1);
      assertThat(tier.acquires).as("lease attempts besides the claim").hasValue(0);
      assertThat(cache.stats().count(CacheEventType.MISS)).isEqualTo(CALLERS);
    }
  }

  @Test
  void aHerdWaitingOnAnotherInstancesLeaseWaitsOnce() throws Exception {
    LeasedMapTier<String, String> tier = new LeasedMapTier<>();
    CountingLoader<String, String> loader = new CountingLoader<>(k -> "mine");
    try (Cache<String, String> cache = Caskade.<String, String>builder("coalesce")
        .loader(loader).l2(tier).leaseWait(Duration.ofSeconds(10)).build()) {
      Lease lease = tier.acquire("hot"); // another instance is loading the key
      Thread holder = new Thread(() -> {
        await().atMost(Duration.ofSeconds(10))
            .until(() -> cache.stats().count(CacheEventType.LEASE_WAIT) > 0);
        tier.fill("hot", forever("theirs"), lease);
      });
      List<String> seen = herd(cache, tier, holder::start);
      holder.join();

      assertThat(seen).hasSize(CALLERS).containsOnly("theirs");
      assertThat(loader.loads).hasValue(0);
      assertThat(cache.stats().count(CacheEventType.LEASE_WAIT)).as("one waiter").isEqualTo(1);
    }
  }

  @Test
  void aCallerThatStartsAfterAnInvalidationNeverTakesAReadFromBeforeIt() throws Exception {
    LeasedMapTier<String, String> tier = new LeasedMapTier<>();
    CountingLoader<String, String> loader = new CountingLoader<>(k -> "new");
    try (Cache<String, String> cache = Caskade.<String, String>builder("coalesce")
        .loader(loader).l2(tier).build()) {
      tier.values.put("hot", forever("old"));
      CountDownLatch gate = new CountDownLatch(1);
      tier.getGate = gate;
      Thread early = new Thread(() -> cache.get("hot")); // read "old", answer held
      early.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> tier.gets.get() == 1
          && early.getState() == Thread.State.TIMED_WAITING);
      tier.getGate = null;

      cache.invalidate("hot");
      var after = java.util.concurrent.CompletableFuture.supplyAsync(() -> cache.get("hot"));
      try {
        after.get(2, java.util.concurrent.TimeUnit.SECONDS); // a wrongly coalesced one stays parked
      } catch (java.util.concurrent.TimeoutException parkedOnTheEarlyRead) {
        // answered below, once the early read is let go
      }
      gate.countDown();
      early.join();

      assertThat(after.get()).as("read after the invalidation").isEqualTo("new");
    }
  }

  private static Entry<String> forever(String value) {
    return Entry.of(value, 0, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 0, 0, Map.of());
  }

  private static List<String> herd(Cache<String, String> cache,
      LeasedMapTier<String, String> tier) throws Exception {
    return herd(cache, tier, () -> { });
  }

  /**
   * {@link #CALLERS} threads get "hot" at once; the first L2 read is held until every caller is
   * parked (on that read, or on its own read without coalescing), then {@code piledUp} runs.
   */
  private static List<String> herd(Cache<String, String> cache,
      LeasedMapTier<String, String> tier, Runnable piledUp) throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    tier.getGate = gate;
    AtomicInteger arrived = new AtomicInteger();
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      Thread t = new Thread(() -> {
        arrived.incrementAndGet();
        seen.add(cache.get("hot"));
      });
      threads.add(t);
      t.start();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> arrived.get() == CALLERS
        && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
            || t.getState() == Thread.State.TIMED_WAITING || !t.isAlive()));
    tier.getGate = null;
    gate.countDown();
    piledUp.run();
    for (Thread t : threads) {
      t.join(10_000);
    }
    return seen;
  }
}
