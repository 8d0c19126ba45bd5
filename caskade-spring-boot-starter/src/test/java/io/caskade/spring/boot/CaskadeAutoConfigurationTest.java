package io.caskade.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.spring.CaskadeCacheManager;
import io.caskade.spring.CaskadeSpringCache;
import io.caskade.spring.boot.health.CaskadeHealthAutoConfiguration;
import io.caskade.spring.boot.health.CaskadeL2HealthIndicator;
import io.caskade.spring.boot.metrics.CaskadeMetricsAutoConfiguration;
import io.caskade.spring.boot.redis.RedisTiers;
import io.caskade.testkit.RedisServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class CaskadeAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CaskadeAutoConfiguration.class,
          CaskadeMetricsAutoConfiguration.class, CaskadeHealthAutoConfiguration.class));

  @Test
  void propertiesBindWithPerCacheOverrides() {
    runner.withPropertyValues("caskade.ttl=1m", "caskade.max-concurrent-loads=8",
            "caskade.caches.acusers.ttl=5m", "caskade.caches.acusers.stale-while-revalidate=10s",
            "caskade.caches.acusers.stale-if-error=1h", "caskade.caches.acusers.early-refresh=1.0",
            "caskade.caches.acusers.negative-ttl=3s", "caskade.caches.acusers.maximum-size=500",
            "caskade.caches.acusers.l2=false", "caskade.caches.acusers.max-loads-per-second=50",
            "caskade.caches.acusers.load-timeout=2s", "caskade.caches.acusers.lease-wait=2s",
            "caskade.caches.acusers.value-type=java.lang.String")
        .run(context -> {
          CaskadeProperties p = context.getBean(CaskadeProperties.class);
          CacheSpec users = CacheSpec.resolve(p, "acusers");
          assertThat(users).isEqualTo(new CacheSpec("acusers", Duration.ofMinutes(5),
              Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofHours(1), 1.0, 500,
              false, 8, 50, Duration.ofSeconds(2), Duration.ofSeconds(2), false, String.class));
          CacheSpec other = CacheSpec.resolve(p, "other");
          assertThat(other.ttl()).isEqualTo(Duration.ofMinutes(1));
          assertThat(other.staleWhileRevalidate()).isZero();
          assertThat(other.maxConcurrentLoads()).isEqualTo(8);
          assertThat(other.l2()).isTrue();
          assertThat(other.leaseWait()).isEqualTo(Duration.ofMillis(500));

          CacheManager manager = context.getBean(CacheManager.class);
          assertThat(manager).isInstanceOf(CaskadeCacheManager.class);
          assertThat(manager.getCacheNames()).containsExactly("acusers");
          Cache cache = manager.getCache("acusers");
          assertThat(cache).isInstanceOf(CaskadeSpringCache.class);
          assertThat(cache.get(7L, () -> "seven")).isEqualTo("seven");
          assertThat(cache.get(7L, () -> "never called")).isEqualTo("seven");
        });
  }

  @Test
  void configurationMetadataIsGenerated() throws Exception {
    try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(json).contains("\"caskade.caches\"", "\"caskade.stale-while-revalidate\"",
          "\"caskade.redis.url\"", "\"caskade.max-concurrent-loads\"");
    }
  }

  @Test
  void backsOffWhenTheApplicationDefinesACacheManager() {
    runner.withUserConfiguration(OwnCacheManager.class).run(context -> {
      assertThat(context).hasSingleBean(CacheManager.class);
      assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
      assertThat(context).doesNotHaveBean(CaskadeCaches.class);
      assertThat(context).doesNotHaveBean(RedisTiers.class);
    });
  }

  @Test
  void backsOffWhenSpringBootsOwnCacheTypeIsChosen() {
    runner.withPropertyValues("spring.cache.type=simple")
        .run(context -> assertThat(context).doesNotHaveBean(CaskadeCacheManager.class));
    runner.withPropertyValues("caskade.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(CaskadeCacheManager.class));
  }

  @Test
  void withoutRedisCachesAreL1OnlyAndTheLogSaysSo(CapturedOutput output) {
    runner.run(context -> {
      assertThat(context).hasSingleBean(CaskadeCacheManager.class);
      assertThat(context).doesNotHaveBean(RedisTiers.class);
      assertThat(context).doesNotHaveBean(CaskadeL2HealthIndicator.class);
      Cache cache = context.getBean(CacheManager.class).getCache("acl1");
      assertThat(cache.get("k", () -> "v")).isEqualTo("v");
      assertThat(output).contains("Caskade: no Redis configured")
          .contains("caches are L1 only");
    });
  }

  @Test
  void withRedisTheL2HealthMetricsAndCachesEndpointWork() {
    runner.withPropertyValues("spring.data.redis.url=" + RedisServers.shared(),
            "caskade.caches.acl2.ttl=1m")
        .run(context -> {
          assertThat(context).hasSingleBean(RedisTiers.class);
          assertThat(context.getBean(RedisTiers.class).tiers()).hasSize(1);
          assertThat(context.getBean(CaskadeL2HealthIndicator.class).health().getStatus())
              .isEqualTo(Status.UP);

          CaskadeCacheManager manager = context.getBean(CaskadeCacheManager.class);
          CaskadeSpringCache cache = (CaskadeSpringCache) manager.getCache("acl2");
          cache.clear();
          assertThat(cache.get(1L, () -> "one")).isEqualTo("one");
          assertThat(cache.get(1L, () -> "again")).isEqualTo("one");

          @SuppressWarnings("unchecked")
          CacheMeterBinderProvider<CaskadeSpringCache> provider =
              context.getBean(CacheMeterBinderProvider.class);
          MeterRegistry registry = new SimpleMeterRegistry();
          provider.getMeterBinder(cache, List.of()).bindTo(registry);
          assertThat(registry.get("cache.gets").tag("cache", "acl2").tag("result", "hit")
              .functionCounter().count()).isEqualTo(1.0);
          assertThat(registry.get("caskade.loads").tag("cache", "acl2")
              .tag("outcome", "success").functionTimer().count()).isEqualTo(1);

          CachesEndpoint endpoint = new CachesEndpoint(Map.of("cacheManager", manager));
          assertThat(endpoint.caches().getCacheManagers().get("cacheManager").getCaches())
              .containsKey("acl2");
          endpoint.clearCaches();
          assertThat(cache.get(1L, () -> "reloaded")).isEqualTo("reloaded");
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnCacheManager {
    @Bean
    CacheManager myCacheManager() {
      return new ConcurrentMapCacheManager();
    }
  }
}
