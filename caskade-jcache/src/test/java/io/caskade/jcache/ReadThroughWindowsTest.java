package io.caskade.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Refresh-ahead and the stale windows around JSR-107 read-through. */
class ReadThroughWindowsTest {

  /** The source behind the loader, per test (the loader is made by a factory, by class name). */
  static final Map<String, Source> SOURCES = new ConcurrentHashMap<>();

  static final class Source {
    final AtomicInteger loads = new AtomicInteger();
    volatile boolean failing;
    volatile String value = "v1";
  }

  public static final class TestLoader implements CacheLoader<String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String load(String key) {
      Source s = SOURCES.get(key);
      s.loads.incrementAndGet();
      if (s.failing) {
        throw new IllegalStateException("source down");
      }
      return s.value;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> m = new HashMap<>();
      keys.forEach(k -> m.put(k, load(k)));
      return m;
    }
  }

  private final CacheManager manager = Caching.getCachingProvider(
      CaskadeCachingProvider.class.getName()).getCacheManager(
      java.net.URI.create("caskade:read-through-windows-" + UUID.randomUUID()), null);
  private final String key = UUID.randomUUID().toString();
  private final Source source = new Source();

  @AfterEach
  void close() {
    manager.close();
    SOURCES.remove(key);
  }

  private Cache<String, String> cache(CaskadeConfiguration<String, String> config, long ttlMillis) {
    SOURCES.put(key, source);
    config.setTypes(String.class, String.class).setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(TestLoader.class))
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, ttlMillis)));
    return manager.createCache("windows-" + UUID.randomUUID(), config);
  }

  @Test
  void staleIfErrorServesTheExpiredValueWhenTheReloadFails() {
    Cache<String, String> cache = cache(new CaskadeConfiguration<String, String>()
        .staleIfError(Duration.ofMinutes(5)), 50);
    assertThat(cache.get(key)).isEqualTo("v1");
    await().until(() -> !cache.containsKey(key));
    source.failing = true;

    assertThat(cache.get(key)).isEqualTo("v1");
    assertThat(source.loads).hasValue(2);
  }

  @Test
  void withoutStaleIfErrorTheFailedReloadThrows() {
    Cache<String, String> cache = cache(new CaskadeConfiguration<String, String>()
        .refreshAhead(Duration.ZERO), 50);
    assertThat(cache.get(key)).isEqualTo("v1");
    await().until(() -> !cache.containsKey(key));
    source.failing = true;

    assertThatThrownBy(() -> cache.get(key)).isInstanceOf(CacheLoaderException.class);
  }

  @Test
  void staleWhileRevalidateReturnsTheOldValueAndReloadsInTheBackground() {
    Cache<String, String> cache = cache(new CaskadeConfiguration<String, String>()
        .staleWhileRevalidate(Duration.ofMinutes(5)), 50);
    assertThat(cache.get(key)).isEqualTo("v1");
    await().until(() -> !cache.containsKey(key));
    source.value = "v2";

    assertThat(cache.get(key)).isEqualTo("v1");
    await().until(() -> "v2".equals(cache.get(key)));
    assertThat(source.loads.get()).isGreaterThanOrEqualTo(2); // v2 expires again after 50 ms
  }

  @Test
  void refreshAheadReloadsAHotKeyBeforeItExpires() {
    Cache<String, String> cache = cache(new CaskadeConfiguration<String, String>()
        .refreshAhead(Duration.ofHours(1)), 3_600_000);
    assertThat(cache.get(key)).isEqualTo("v1");
    source.value = "v2";

    assertThat(cache.get(key)).isEqualTo("v1");
    await().until(() -> "v2".equals(cache.get(key)));
    assertThat(cache.containsKey(key)).isTrue();
  }

  @Test
  void earlyRefreshReloadsAKeyWhoseExpiryIsWithinItsLoadCostTimesBeta() {
    // beta so large that any measured load cost puts every hit past its expiry: always refresh
    Cache<String, String> cache = cache(new CaskadeConfiguration<String, String>()
        .earlyRefresh(1e15), 3_600_000);
    assertThat(cache.get(key)).isEqualTo("v1");
    source.value = "v2";

    assertThat(cache.get(key)).isEqualTo("v1");
    await().until(() -> "v2".equals(cache.get(key)));
  }

  @Test
  void withoutEarlyRefreshAFreshHitDoesNotReload() {
    Cache<String, String> cache = cache(new CaskadeConfiguration<String, String>()
        .staleIfError(Duration.ofMinutes(1)), 3_600_000);
    assertThat(cache.get(key)).isEqualTo("v1");
    for (int i = 0; i < 100; i++) {
      cache.get(key);
    }

    assertThat(source.loads).hasValue(1);
  }
}
