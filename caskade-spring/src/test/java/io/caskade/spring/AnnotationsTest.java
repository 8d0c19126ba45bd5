package io.caskade.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caskade.Caskade;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** The caching annotations on a plain Spring context (no Boot) over Caskade. */
class AnnotationsTest {

  @Test
  void annotationsGoThroughCaskade() throws Exception {
    try (AnnotationConfigApplicationContext context =
        new AnnotationConfigApplicationContext(Config.class)) {
      Service service = context.getBean(Service.class);
      assertThat(service.find(1)).isEqualTo("row 1 v0");
      assertThat(service.find(1)).isEqualTo("row 1 v0");
      assertThat(service.loads()).isEqualTo(1);

      service.version(1);
      service.evict(1);
      assertThat(service.find(1)).isEqualTo("row 1 v1");
      assertThat(service.loads()).isEqualTo(2);

      service.update(1, "put");
      assertThat(service.find(1)).isEqualTo("put");

      assertThat(service.findAsync(2).get()).isEqualTo("async 2");
      assertThat(service.findAsync(2).get()).isEqualTo("async 2");
      assertThat(service.asyncLoads()).isEqualTo(1);

      assertThat(service.findMono(5).block()).isEqualTo("mono 5");
      assertThat(service.findMono(5).block()).isEqualTo("mono 5");
      assertThat(service.monoLoads()).isEqualTo(1);

      assertThatThrownBy(() -> service.failing(3)).isInstanceOf(IllegalStateException.class)
          .hasMessage("no row 3");

      service.evictAll();
      assertThat(service.find(1)).isEqualTo("row 1 v1");
      assertThat(service.loads()).isEqualTo(3);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class Config {
    @Bean
    CaskadeCacheManager cacheManager() {
      return CaskadeCacheManager.builder(
          name -> Caskade.<String, Object>builder(name).ttl(Duration.ofMinutes(1)).build())
          .build();
    }

    @Bean
    Service service() {
      return new Service();
    }
  }

  static class Service {
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger asyncLoads = new AtomicInteger();
    private final AtomicInteger monoLoads = new AtomicInteger();
    private volatile int version;

    // Reached through the caching proxy, so they are methods, not fields.
    public int loads() {
      return loads.get();
    }

    public int asyncLoads() {
      return asyncLoads.get();
    }

    public int monoLoads() {
      return monoLoads.get();
    }

    public void version(int v) {
      version = v;
    }

    @Cacheable(cacheNames = "annotated", sync = true)
    public String find(long id) {
      loads.incrementAndGet();
      return "row " + id + " v" + version;
    }

    @Cacheable(cacheNames = "annotated-async", sync = true)
    public CompletableFuture<String> findAsync(long id) {
      asyncLoads.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> "async " + id);
    }

    @Cacheable(cacheNames = "annotated-mono", sync = true)
    public Mono<String> findMono(long id) {
      return Mono.fromSupplier(() -> {
        monoLoads.incrementAndGet();
        return "mono " + id;
      });
    }

    @Cacheable(cacheNames = "annotated", sync = true)
    public String failing(long id) {
      throw new IllegalStateException("no row " + id);
    }

    @CachePut(cacheNames = "annotated", key = "#p0")
    public String update(long id, String value) {
      return value;
    }

    @CacheEvict(cacheNames = "annotated")
    public void evict(long id) {}

    @CacheEvict(cacheNames = "annotated", allEntries = true)
    public void evictAll() {}
  }
}
