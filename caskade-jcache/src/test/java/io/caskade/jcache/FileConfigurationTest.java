package io.caskade.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Caches configured by name in the JSON file a cache manager's URI names. */
class FileConfigurationTest {

  private final CachingProvider provider =
      Caching.getCachingProvider(CaskadeCachingProvider.class.getName());
  private final CacheManager manager = provider.getCacheManager(
      URI.create("classpath:caskade-jcache-test.json"), getClass().getClassLoader());

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void theProviderIsFoundThroughServiceLoader() {
    assertThat(Caching.getCachingProvider()).isInstanceOf(CaskadeCachingProvider.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCacheDeclaredInTheFileIsCreatedOnFirstGetWithItsSettings() {
    Cache<Long, String> users = manager.getCache("file-users", Long.class, String.class);

    assertThat(users).isNotNull();
    @SuppressWarnings("unchecked")
    CompleteConfiguration<Long, String> config = users.getConfiguration(CompleteConfiguration.class);
    assertThat(config.isStatisticsEnabled()).isTrue();
    assertThat(config.getExpiryPolicyFactory().create())
        .isInstanceOf(AccessedExpiryPolicy.class)
        .extracting(p -> p.getExpiryForAccess())
        .isEqualTo(new Duration(TimeUnit.MILLISECONDS, 600_000));
    users.put(1L, "ada");
    assertThat(users.get(1L)).isEqualTo("ada");
    assertThat(manager.getCache("file-eternal").getConfiguration(CompleteConfiguration.class)
        .isStoreByValue()).isFalse();
  }

  @Test
  void aCacheTheFileDoesNotDeclareDoesNotExistUntilCreated() {
    assertThat(manager.<String, String>getCache("not-in-file")).isNull();
    Cache<String, String> c = manager.createCache("not-in-file", new MutableConfiguration<>());
    c.put("k", "v");
    assertThat(manager.<String, String>getCache("not-in-file").get("k")).isEqualTo("v");
  }

  @Test
  void unwrapsToTheCaskadeCacheBehindIt() {
    Cache<Long, String> users = manager.getCache("file-users", Long.class, String.class);
    users.put(7L, "grace");

    @SuppressWarnings("unchecked")
    io.caskade.Cache<Object, ?> caskade = users.unwrap(io.caskade.Cache.class);

    assertThat(caskade.name()).isEqualTo("file-users");
    assertThat(caskade.getIfPresent(7L)).isNotNull();
    assertThatThrownBy(() -> users.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingFileIsACacheException() {
    assertThatThrownBy(() -> provider.getCacheManager(URI.create("classpath:nope.json"),
        getClass().getClassLoader())).isInstanceOf(javax.cache.CacheException.class)
        .hasMessageContaining("nope.json");
  }
}
