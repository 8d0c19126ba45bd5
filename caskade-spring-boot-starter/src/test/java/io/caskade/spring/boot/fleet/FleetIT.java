package io.caskade.spring.boot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.testkit.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.cache.CacheManager;

/**
 * Two application contexts sharing one Redis and one database: a fleet of two instances behind
 * {@code @Cacheable(sync = true)}.
 */
class FleetIT {

  private static final int CALLERS = 200;
  private static Fleet fleet;
  private static long nextId;

  @BeforeAll
  static void start() {
    fleet = new Fleet(new UserTable(Duration.ofMillis(200)), 2,
        "spring.data.redis.url=" + RedisServers.shared(), "caskade.ttl=1m");
    for (int i = 0; i < 2; i++) {
      CacheManager manager = fleet.bean(i, CacheManager.class);
      manager.getCache("fleet-users").clear(); // a fresh namespace: nothing of an earlier run
      manager.getCache("fleet-users-async").clear();
    }
    nextId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  private static long newUser(String name) {
    long id = nextId++;
    fleet.table.save(id, name);
    return id;
  }

  @Test
  void twoHundredConcurrentCallsOverTwoInstancesLoadTheRowOnce() throws Exception {
    long id = newUser("Ada");
    int before = fleet.table.reads();
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<User>> calls = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        UserService service = fleet.service(i);
        calls.add(pool.submit(() -> {
          go.await();
          return service.find(id);
        }));
      }
      go.countDown();
      for (Future<User> call : calls) {
        assertThat(call.get()).isEqualTo(new User(id, "Ada"));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fleet.table.reads() - before).isEqualTo(1);
  }

  @Test
  void anEvictOnOneInstanceReachesTheOther() {
    long id = newUser("Grace");
    assertThat(fleet.service(0).find(id).name()).isEqualTo("Grace");
    assertThat(fleet.service(1).find(id).name()).isEqualTo("Grace");

    fleet.service(0).rename(id, "Grace Hopper");

    await().atMost(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(fleet.service(1).find(id).name())
            .isEqualTo("Grace Hopper"));
  }

  @Test
  void theActuatorCachesEndpointClearsEveryInstance() {
    long id = newUser("Edsger");
    assertThat(fleet.service(0).find(id).name()).isEqualTo("Edsger");
    assertThat(fleet.service(1).find(id).name()).isEqualTo("Edsger");
    fleet.table.save(id, "Edsger Dijkstra"); // behind the cache's back

    CachesEndpoint endpoint = new CachesEndpoint(
        Map.of("cacheManager", fleet.bean(0, CacheManager.class)));
    assertThat(endpoint.caches().getCacheManagers().get("cacheManager").getCaches())
        .containsKeys("fleet-users", "fleet-users-async");
    endpoint.clearCaches();

    await().atMost(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(fleet.service(1).find(id).name())
            .isEqualTo("Edsger Dijkstra"));
  }

  @Test
  void completableFutureMethodsAreCachedFleetWide() throws Exception {
    long id = newUser("Barbara");
    int before = fleet.table.reads();
    List<CompletableFuture<User>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(fleet.service(i).findAsync(id));
    }
    for (CompletableFuture<User> call : calls) {
      assertThat(call.get()).isEqualTo(new User(id, "Barbara"));
    }
    assertThat(fleet.service(0).findAsync(id).get()).isEqualTo(new User(id, "Barbara"));
    assertThat(fleet.service(1).findAsync(id).get()).isEqualTo(new User(id, "Barbara"));
    assertThat(fleet.table.reads() - before).isEqualTo(1);
  }

  @Test
  void aMissingRowIsCachedAsNotFound() {
    long id = nextId++;
    int before = fleet.table.reads();
    assertThat(fleet.service(0).find(id)).isNull();
    assertThat(fleet.service(0).find(id)).isNull();
    assertThat(fleet.service(1).find(id)).isNull();
    assertThat(fleet.table.reads() - before).isEqualTo(1);
  }
}
