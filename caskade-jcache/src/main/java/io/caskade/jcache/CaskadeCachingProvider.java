package io.caskade.jcache;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The Caskade JSR-107 provider, found by {@code Caching.getCachingProvider()} through
 * {@code META-INF/services/javax.cache.spi.CachingProvider}. A cache manager's URI may name a
 * configuration file ({@code classpath:caskade-jcache.json}, {@code file:/etc/app/caches.json}).
 */
public final class CaskadeCachingProvider implements CachingProvider {

  private static final URI DEFAULT_URI = URI.create("caskade:default");

  private final Map<ClassLoader, Map<URI, CaskadeCacheManager>> managers = new WeakHashMap<>();

  @Override
  public synchronized CacheManager getCacheManager(URI uri, ClassLoader classLoader,
      Properties properties) {
    URI u = uri == null ? getDefaultURI() : uri;
    ClassLoader cl = classLoader == null ? getDefaultClassLoader() : classLoader;
    Map<URI, CaskadeCacheManager> byUri = managers.computeIfAbsent(cl, k -> new HashMap<>());
    CaskadeCacheManager manager = byUri.get(u);
    if (manager == null || manager.isClosed()) {
      Properties p = properties == null ? getDefaultProperties() : properties;
      manager = new CaskadeCacheManager(this, u, cl, p);
      byUri.put(u, manager);
    }
    return manager;
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, null);
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(null, null, null);
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    List<CaskadeCacheManager> all = new ArrayList<>();
    synchronized (this) {
      managers.values().forEach(m -> all.addAll(m.values()));
      managers.clear();
    }
    all.forEach(CaskadeCacheManager::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader cl = classLoader == null ? getDefaultClassLoader() : classLoader;
    List<CaskadeCacheManager> all;
    synchronized (this) {
      Map<URI, CaskadeCacheManager> byUri = managers.remove(cl);
      all = byUri == null ? List.of() : new ArrayList<>(byUri.values());
    }
    all.forEach(CaskadeCacheManager::close);
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI u = uri == null ? getDefaultURI() : uri;
    ClassLoader cl = classLoader == null ? getDefaultClassLoader() : classLoader;
    CaskadeCacheManager manager;
    synchronized (this) {
      Map<URI, CaskadeCacheManager> byUri = managers.get(cl);
      manager = byUri == null ? null : byUri.remove(u);
    }
    if (manager != null) {
      manager.close();
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return optionalFeature == OptionalFeature.STORE_BY_REFERENCE;
  }

  synchronized void release(CaskadeCacheManager manager) {
    Map<URI, CaskadeCacheManager> byUri = managers.get(manager.getClassLoader());
    if (byUri != null && byUri.get(manager.getURI()) == manager) {
      byUri.remove(manager.getURI());
    }
  }
}
