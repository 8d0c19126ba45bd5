package io.caskade.jcache;

import io.caskade.jcache.config.CacheSettings;
import io.caskade.jcache.config.FileConfiguration;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

/**
 * The caches of one URI and class loader. When the URI names a configuration file (see
 * {@link FileConfiguration}), caches it declares are created on first {@link #getCache(String)}
 * and its settings apply to caches created with a plain JSR-107 configuration.
 */
public final class CaskadeCacheManager implements CacheManager {

  /** System property (or manager property): a Redis URI every cache without its own L2 uses. */
  public static final String REDIS_PROPERTY = "caskade.jcache.redis";
  /** System property (or manager property): prefixed to the names of caches in Redis. */
  public static final String REDIS_PREFIX_PROPERTY = "caskade.jcache.redis.prefix";

  private final CaskadeCachingProvider provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final FileConfiguration file;
  private final ConcurrentMap<String, CaskadeJCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final RedisPlatforms platforms = new RedisPlatforms();
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "caskade-jcache-loadAll");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  CaskadeCacheManager(CaskadeCachingProvider provider, URI uri, ClassLoader classLoader,
      Properties properties) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = classLoader;
    this.properties = properties;
    this.file = FileConfiguration.load(uri, classLoader);
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("cache '" + cacheName + "' exists already");
      }
      return build(cacheName, caskadeConfiguration(cacheName, configuration));
    }
  }

  private <K, V> CaskadeJCache<K, V> build(String cacheName, CaskadeConfiguration<K, V> config) {
    String redis = config.getRedisUri() != null ? config.getRedisUri() : setting(REDIS_PROPERTY);
    if (redis != null && config.getRedisUri() == null) {
      config.redis(redis);
    }
    String prefix = setting(REDIS_PREFIX_PROPERTY);
    if (prefix != null && config.getRedisUri() != null) {
      config.redisName(prefix + (config.getRedisName() != null ? config.getRedisName() : cacheName));
    }
    CaskadeJCache<K, V> cache = new CaskadeJCache<>(this, cacheName, config,
        CaskadeCaches.store(cacheName, config, classLoader, platforms), config.getSource());
    caches.put(cacheName, cache);
    return cache;
  }

  @SuppressWarnings("unchecked")
  private <K, V> CaskadeConfiguration<K, V> caskadeConfiguration(String cacheName,
      Configuration<K, V> configuration) {
    if (configuration instanceof CaskadeConfiguration<K, V> c) {
      return new CaskadeConfiguration<>(c);
    }
    CaskadeConfiguration<K, V> config;
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      config = new CaskadeConfiguration<>(complete);
    } else {
      config = new CaskadeConfiguration<>();
      config.setTypes(configuration.getKeyType(), configuration.getValueType());
      config.setStoreByValue(configuration.isStoreByValue());
    }
    CacheSettings settings = file.settingsFor(cacheName);
    if (settings != null) {
      settings.applyCaskade(config);
    }
    return config;
  }

  private String setting(String name) {
    String v = properties.getProperty(name);
    return v != null ? v : System.getProperty(name);
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    Cache<K, V> cache = getCache(cacheName);
    if (cache == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    CompleteConfiguration<K, V> config = cache.getConfiguration(CompleteConfiguration.class);
    if (!config.getKeyType().equals(keyType)) {
      throw new ClassCastException("cache '" + cacheName + "' has keys of " + config.getKeyType());
    }
    if (!config.getValueType().equals(valueType)) {
      throw new ClassCastException("cache '" + cacheName + "' has values of " + config.getValueType());
    }
    return cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CaskadeJCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      CacheSettings settings = file.declared(cacheName);
      if (settings != null) {
        synchronized (caches) {
          cache = caches.get(cacheName);
          if (cache == null) {
            CaskadeConfiguration<Object, Object> config = new CaskadeConfiguration<>();
            settings.applyJCache(config);
            settings.applyCaskade(config);
            cache = build(cacheName, config);
          }
        }
      }
    }
    return (Cache<K, V>) cache;
  }

  @Override
  public Iterable<String> getCacheNames() {
    ensureOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CaskadeJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.destroy();
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CaskadeJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CaskadeJCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    provider.release(this);
    for (CaskadeJCache<?, ?> cache : caches.values()) {
      cache.close();
    }
    caches.clear();
    platforms.close();
    executor.shutdown();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap to " + clazz);
  }

  void release(String cacheName) {
    caches.remove(cacheName);
  }

  ExecutorService executor() {
    return executor;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("cache manager " + uri + " is closed");
    }
  }
}
