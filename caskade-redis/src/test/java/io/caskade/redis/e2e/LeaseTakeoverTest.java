package io.caskade.redis.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.RedisServers;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A waiter on another instance's lease does not wait out the whole lease wait when that lease is
 * voided: it takes the lease over and loads the new row at once.
 */
class LeaseTakeoverTest {

  @Test
  void aWaiterTakesOverAVoidedLeaseInsteadOfWaitingItOut() throws Exception {
    String name = "takeover-" + UUID.randomUUID().toString().substring(0, 8);
    CountDownLatch holderLoading = new CountDownLatch(1);
    CountDownLatch releaseHolder = new CountDownLatch(1);
    AtomicInteger waiterLoads = new AtomicInteger();
    try (Cache<String, String> holder = cache(name); Cache<String, String> waiter = cache(name)) {
      CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> holder.get("k", k -> {
        holderLoading.countDown();
        releaseHolder.await(30, TimeUnit.SECONDS);
        return "old";
      }));
      assertThat(holderLoading.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> waiter.get("k", k -> {
        waiterLoads.incrementAndGet();
        return "new";
      }));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> waiter.stats().count(io.caskade.metrics.CacheEventType.LEASE_WAIT) == 1);

      holder.invalidate("k"); // a write: voids the holder's lease

      // The lease wait is a minute: only a takeover can answer within these seconds.
      assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("new");
      assertThat(waiterLoads).hasValue(1);
      releaseHolder.countDown();
      assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("old");
      assertThat(waiter.get("k", k -> "unused")).as("the voided holder did not fill").isEqualTo("new");
    }
  }

  private static Cache<String, String> cache(String name) {
    RedisTier<String, String> tier = RedisTier.builder(RedisConfig.standalone(RedisServers.shared()),
        name, KeyCodec.strings(), StringCodec.utf8()).build();
    return Caskade.<String, String>builder(name).l2(tier).leaseWait(Duration.ofMinutes(1)).build();
  }
}
