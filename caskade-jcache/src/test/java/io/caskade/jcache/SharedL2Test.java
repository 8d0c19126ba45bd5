package io.caskade.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.testkit.RedisProcess;
import io.caskade.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two cache managers standing for two instances, sharing one Redis as L2. */
class SharedL2Test {

  private final CachingProvider provider = new CaskadeCachingProvider();
  private final CacheManager one = provider.getCacheManager(URI.create("caskade:one"), null);
  private final CacheManager two = provider.getCacheManager(URI.create("caskade:two"), null);
  private final String name = "shared-" + UUID.randomUUID();

  @AfterEach
  void close() {
    provider.close();
  }

  private Cache<String, String> cache(CacheManager manager, boolean l1) {
    CaskadeConfiguration<String, String> config = new CaskadeConfiguration<String, String>()
        .redis(RedisServers.shared());
    if (!l1) {
      config.disableL1();
    }
    return manager.createCache(name, config.setTypes(String.class, String.class));
  }

  @Test
  void withoutL1AWriteOnOneInstanceIsReadOnTheOtherAtOnce() {
    Cache<String, String> a = cache(one, false);
    Cache<String, String> b = cache(two, false);
    a.put("k", "v1");
    assertThat(b.get("k")).isEqualTo("v1");

    for (int i = 2; i <= 50; i++) {
      a.put("k", "v" + i);
      assertThat(b.get("k")).isEqualTo("v" + i);
    }
    a.remove("k");
    assertThat(b.get("k")).isNull();
    assertThat(b.containsKey("k")).isFalse();
  }

  @Test
  void withL1TheOtherInstanceDropsItsCopyWhenTheBusDeliversTheWrite() {
    Cache<String, String> a = cache(one, true);
    Cache<String, String> b = cache(two, true);
    a.put("k", "v1");
    assertThat(b.get("k")).isEqualTo("v1"); // now in b's L1

    a.put("k", "v2");

    await().until(() -> "v2".equals(b.get("k")));
  }

  @Test
  void expiryTravelsWithTheEntry() {
    Cache<String, String> a = one.createCache(name, new CaskadeConfiguration<String, String>()
        .redis(RedisServers.shared()).disableL1().setTypes(String.class, String.class)
        .setExpiryPolicyFactory(javax.cache.expiry.CreatedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(java.util.concurrent.TimeUnit.MILLISECONDS, 200))));
    Cache<String, String> b = cache(two, false);
    a.put("k", "v");
    assertThat(b.containsKey("k")).isTrue();

    await().until(() -> !b.containsKey("k"));
    assertThat(b.get("k")).isNull();
  }

  @Test
  void theCachesOfAManagerShareOneRedisClientClosedWithTheManager() {
    try (RedisProcess redis = RedisProcess.start();
         RedisClient admin = RedisClient.create(redis.uri());
         StatefulRedisConnection<String, String> c = admin.connect()) {
      CacheManager manager = provider.getCacheManager(URI.create("caskade:platform"), null);
      for (int i = 0; i < 5; i++) {
        Cache<String, String> cache = manager.createCache(name + "-" + i,
            new CaskadeConfiguration<String, String>().redis(redis.uri())
                .setTypes(String.class, String.class));
        cache.put("k", "v");
      }
      assertThat(clients(c)).as("commands + pub/sub for five caches").isEqualTo(2);
      manager.close();
      await().until(() -> clients(c) == 0);
    }
  }

  /** Client connections on the server, less the one asking. */
  private static long clients(StatefulRedisConnection<String, String> c) {
    return c.sync().clientList().lines().filter(l -> !l.isBlank()).count() - 1;
  }
}
