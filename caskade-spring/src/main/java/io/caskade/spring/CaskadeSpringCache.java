package io.caskade.spring;

import io.caskade.Cache;
import io.caskade.CacheLoadException;
import io.caskade.Lookup;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link org.springframework.cache.Cache} backed by a Caskade {@link Cache}: what the
 * caching annotations call.
 *
 * <ul>
 *   <li>{@link #get(Object, Callable)} — {@code @Cacheable(sync = true)} — goes through Caskade's
 *       read path: L1, L2, then one load per key (single-flight in the JVM and, with an L2, a
 *       fleet-wide lease), under the cache's source protection and stale windows. A method that
 *       returns null is cached as "not found" for the negative TTL.
 *   <li>{@link #get(Object)} + {@link #put} — plain {@code @Cacheable} — Spring looks up, calls
 *       the method on a miss and puts the result: no single-flight, every concurrent caller on a
 *       miss runs the method. Use {@code sync = true}.
 *   <li>{@link #put} — also {@code @CachePut} — is set-on-write: the method's result replaces
 *       the entry. It first invalidates the key everywhere (other instances drop their L1 copy,
 *       outstanding leases are voided so a concurrent load of the old row cannot fill), then
 *       stores the value in L2 and L1. Concurrent {@code @CachePut}s of one key still race:
 *       the last put wins, whatever the source holds; prefer {@code @CacheEvict}.
 *   <li>{@link #evict} — {@code @CacheEvict} — is delete-on-write on every tier and instance;
 *       {@link #clear} — {@code @CacheEvict(allEntries = true)} — bumps the cache's namespace
 *       generation, so every entry on every instance becomes unreachable at once.
 *   <li>{@link #retrieve(Object)} and {@link #retrieve(Object, Supplier)} serve
 *       {@code CompletableFuture} (and, through Spring, Reactor) return types with the same
 *       protections.
 * </ul>
 *
 * Keys become strings by the rules of {@code CacheKeys} (stable across instances).
 */
public final class CaskadeSpringCache extends AbstractValueAdaptingCache {

  private final Cache<String, Object> cache;

  /** A Spring cache in front of {@code cache} (null values allowed, as negative entries). */
  public CaskadeSpringCache(Cache<String, Object> cache) {
    super(true);
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public String getName() {
    return cache.name();
  }

  /** The Caskade cache. */
  @Override
  public Cache<String, Object> getNativeCache() {
    return cache;
  }

  @Override
  protected Object lookup(Object key) {
    Lookup<Object> found = cache.lookup(CacheKeys.of(key));
    return switch (found.state()) {
      case ABSENT -> null;
      case NOT_FOUND -> NullValue.INSTANCE;
      case FOUND -> found.value().orElseThrow();
    };
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(Object key, Callable<T> valueLoader) {
    try {
      return (T) cache.get(CacheKeys.of(key), k -> valueLoader.call());
    } catch (CacheLoadException e) {
      throw new ValueRetrievalException(key, valueLoader, e.getCause());
    }
  }

  @Override
  public CompletableFuture<?> retrieve(Object key) {
    Lookup<Object> found = cache.lookup(CacheKeys.of(key));
    return switch (found.state()) {
      case ABSENT -> null;
      case NOT_FOUND -> CompletableFuture.completedFuture(new SimpleValueWrapper(null));
      case FOUND -> CompletableFuture.completedFuture(new SimpleValueWrapper(found.value().get()));
    };
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    CompletableFuture<Object> value = cache.getAsync(CacheKeys.of(key), k -> {
      try {
        return valueLoader.get().get();
      } catch (ExecutionException e) {
        throw asException(e.getCause());
      }
    });
    return (CompletableFuture<T>) value.exceptionallyCompose(
        failure -> CompletableFuture.failedFuture(rootOf(failure)));
  }

  @Override
  public void put(Object key, Object value) {
    String k = CacheKeys.of(key);
    cache.invalidate(k);
    if (value != null) {
      cache.put(k, value);
    }
  }

  @Override
  public void evict(Object key) {
    cache.invalidate(CacheKeys.of(key));
  }

  @Override
  public void clear() {
    cache.invalidateAll();
  }

  @Override
  public boolean invalidate() {
    cache.invalidateAll();
    return false;
  }

  @Override
  public String toString() {
    return "CaskadeSpringCache{" + cache.name() + '}';
  }

  private static Throwable rootOf(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof CacheLoadException
        || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static Exception asException(Throwable t) {
    if (t instanceof Exception e) {
      return e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new ExecutionException(t);
  }
}
