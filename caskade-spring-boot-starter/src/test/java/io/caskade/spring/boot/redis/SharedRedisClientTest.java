package io.caskade.spring.boot.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.spring.boot.CaskadeAutoConfiguration;
import io.caskade.testkit.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter opens one Redis client for the application: five caches with an L2 hold two
 * connections (commands, pub/sub) on this test's own redis-server, and none once the context is
 * closed.
 */
class SharedRedisClientTest {

  private final RedisProcess redis = RedisProcess.start();
  private final RedisClient admin = RedisClient.create(redis.uri());
  private final StatefulRedisConnection<String, String> adminConnection = admin.connect();

  @AfterEach
  void stop() {
    adminConnection.close();
    admin.shutdown();
    redis.close();
  }

  @Test
  void fiveCachesShareOneClientClosedWithTheContext() {
    ConfigurableApplicationContext[] kept = new ConfigurableApplicationContext[1];
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CaskadeAutoConfiguration.class))
        .withPropertyValues("caskade.redis.url=" + redis.uri(), "caskade.caches.s1.ttl=1m",
            "caskade.caches.s2.ttl=1m", "caskade.caches.s3.ttl=1m", "caskade.caches.s4.ttl=1m",
            "caskade.caches.s5.ttl=1m")
        .run(context -> {
          CacheManager manager = context.getBean(CacheManager.class);
          for (String name : manager.getCacheNames()) {
            assertThat(manager.getCache(name).get("k", () -> "v")).isEqualTo("v");
          }
          RedisTiers tiers = context.getBean(RedisTiers.class);
          assertThat(tiers.tiers()).hasSize(5).allMatch(t -> t.isBusUp());
          assertThat(connections()).isEqualTo(2);
          kept[0] = context.getSourceApplicationContext();
        });
    assertThat(kept[0].isActive()).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() -> connections() == 0);
  }

  /** Client connections on this server, less the admin's own. */
  private long connections() {
    return adminConnection.sync().clientList().lines().filter(l -> !l.isBlank()).count() - 1;
  }
}
