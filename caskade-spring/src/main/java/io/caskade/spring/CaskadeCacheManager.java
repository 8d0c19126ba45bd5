package io.caskade.spring;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} of Caskade caches.
 *
 * <pre>{@code
 * @Bean
 * CaskadeCacheManager cacheManager(RedisConfig redis) {
 *   return CaskadeCacheManager.builder(name -> Caskade.<String, Object>builder(name)
 *           .ttl(Duration.ofMinutes(5))
 *           .l2(RedisTier.builder(redis, name, KeyCodec.strings(), codecFor(name)).build())
 *           .build())
 *       .cacheNames("users", "orders")
 *       .build();
 * }
 * }</pre>
 *
 * The named caches are built at once; other names are built on first use unless
 * {@link Builder#dynamic(boolean) dynamic(false)}. {@link #close()} closes every cache (Spring
 * calls it when the context closes).
 */
public final class CaskadeCacheManager implements CacheManager, AutoCloseable {

  private final CaskadeCacheFactory factory;
  private final boolean dynamic;
  private final ConcurrentMap<String, CaskadeSpringCache> caches = new ConcurrentHashMap<>();
  private final Set<String> order = Collections.synchronizedSet(new LinkedHashSet<>());
  private volatile boolean closed;

  private CaskadeCacheManager(Builder b) {
    this.factory = b.factory;
    this.dynamic = b.dynamic;
    for (String name : b.names) {
      create(name);
    }
  }

  /** A builder of caches made by {@code factory}. */
  public static Builder builder(CaskadeCacheFactory factory) {
    return new Builder(factory);
  }

  @Override
  public Cache getCache(String name) {
    CaskadeSpringCache cache = caches.get(name);
    if (cache != null || !dynamic) {
      return cache;
    }
    return create(name);
  }

  private CaskadeSpringCache create(String name) {
    return caches.computeIfAbsent(name, n -> {
      if (closed) {
        throw new IllegalStateException("cache manager is closed");
      }
      order.add(n);
      return new CaskadeSpringCache(factory.create(n));
    });
  }

  @Override
  public Collection<String> getCacheNames() {
    synchronized (order) {
      return List.copyOf(order);
    }
  }

  /** True when names not configured up front get a cache on first use. */
  public boolean isDynamic() {
    return dynamic;
  }

  @Override
  public void close() {
    closed = true;
    for (CaskadeSpringCache cache : caches.values()) {
      cache.getNativeCache().close();
    }
  }

  /** Configuration of a {@link CaskadeCacheManager}. */
  public static final class Builder {

    private final CaskadeCacheFactory factory;
    private final Set<String> names = new LinkedHashSet<>();
    private boolean dynamic = true;

    private Builder(CaskadeCacheFactory factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** Caches built when the manager is (and listed by it before first use). */
    public Builder cacheNames(Collection<String> cacheNames) {
      cacheNames.forEach(n -> names.add(Objects.requireNonNull(n, "cache name")));
      return this;
    }

    /** {@link #cacheNames(Collection)} with varargs. */
    public Builder cacheNames(String... cacheNames) {
      return cacheNames(List.of(cacheNames));
    }

    /** Whether other names get a cache on first use (default true). */
    public Builder dynamic(boolean dynamic) {
      this.dynamic = dynamic;
      return this;
    }

    public CaskadeCacheManager build() {
      return new CaskadeCacheManager(this);
    }
  }
}
