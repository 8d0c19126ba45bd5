package io.caskade.jcache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.testkit.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HerdGuardTest {

  private final AtomicReference<Stored> store = new AtomicReference<>();
  private final AtomicInteger rereads = new AtomicInteger();

  private Stored reread() {
    rereads.incrementAndGet();
    return store.get();
  }

  @Test
  void oneOfManyMissingCallersLoadsAndTheOthersGetItsPut() throws Exception {
    HerdGuard guard = new HerdGuard(null, Duration.ofSeconds(30));
    int callers = 8;
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger loaders = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Object>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> {
          go.await();
          Stored s = guard.onMiss("k", this::reread);
          if (s != null) {
            return s.value();
          }
          loaders.incrementAndGet();
          // the loader puts only once every other caller is waiting for it
          await().until(() -> rereads.get() >= callers - 1);
          store.set(new Stored("loaded", Long.MAX_VALUE));
          guard.filled("k");
          return "loaded";
        }));
      }
      go.countDown();
      for (Future<Object> r : results) {
        assertThat(r.get()).isEqualTo("loaded");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(loaders).hasValue(1);
  }

  @Test
  void theLoaderAskingAgainIsNotMadeToWaitForItself() {
    HerdGuard guard = new HerdGuard(null, Duration.ofSeconds(30));

    assertThat(guard.onMiss("k", this::reread)).isNull();
    int firstCallChecks = rereads.get(); // the first caller re-reads once, in case of a late put
    assertThat(guard.onMiss("k", this::reread)).isNull();

    assertThat(rereads).hasValue(firstCallChecks);
  }

  @Test
  void aLoaderThatNeverPutsCostsTheOthersOnlyTheWait() throws Exception {
    HerdGuard guard = new HerdGuard(null, Duration.ofMillis(50));
    assertThat(guard.onMiss("k", this::reread)).isNull();

    Stored other = Executors.newSingleThreadExecutor().submit(
        () -> guard.onMiss("k", this::reread)).get();

    assertThat(other).isNull();
    assertThat(rereads.get()).isPositive();
  }

  @Test
  void theFirstMissInTheFleetLoadsThroughTheRedisLease() throws Exception {
    String name = "herd-" + UUID.randomUUID();
    RedisConfig config = RedisConfig.parse(RedisServers.shared());
    try (RedisTier<Object, Stored> one = tier(config, name);
        RedisTier<Object, Stored> two = tier(config, name)) {
      HerdGuard instanceOne = new HerdGuard(one.leases(), Duration.ofSeconds(30));
      HerdGuard instanceTwo = new HerdGuard(two.leases(), Duration.ofSeconds(30));

      assertThat(instanceOne.onMiss("k", this::reread)).isNull();
      Future<Stored> waiter = Executors.newSingleThreadExecutor().submit(
          () -> instanceTwo.onMiss("k", this::reread));
      await().until(() -> rereads.get() > 0);
      store.set(new Stored("from instance one", Long.MAX_VALUE));

      assertThat(waiter.get().value()).isEqualTo("from instance one");
    }
  }

  private static RedisTier<Object, Stored> tier(RedisConfig config, String name) {
    ClassLoader cl = HerdGuardTest.class.getClassLoader();
    return RedisTier.builder(config, name, new ObjectKeyCodec(cl), new JavaSerializationCodec(cl))
        .build();
  }
}
