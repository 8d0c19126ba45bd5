package io.caskade.spring.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caskade.Cache;
import io.caskade.CacheBuilder;
import io.caskade.Caskade;
import io.caskade.codec.Codec;
import io.caskade.codec.JacksonCodec;
import io.caskade.source.Source;
import io.caskade.spring.CaskadeCacheFactory;
import io.caskade.spring.boot.codec.TrustedJsonCodec;
import io.caskade.spring.boot.redis.RedisTiers;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each Spring cache's Caskade cache from its {@link CacheSpec}: L1, the L2 tier when Redis
 * is configured and the cache wants one, and a protected {@link Source} when the spec asks for a
 * bulkhead, rate limit or circuit breaker. Closes the sources it made.
 */
public final class CaskadeCaches implements CaskadeCacheFactory, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CaskadeCaches.class);

  private final Function<String, CacheSpec> specs;
  private final RedisTiers redis;
  private final ObjectMapper mapper;
  private final List<String> trustedPackages;
  private final ClassLoader classLoader;
  private final List<Source> sources = new CopyOnWriteArrayList<>();

  /**
   * @param specs the spec of a cache name
   * @param redis the L2 tiers, or null for L1-only caches
   * @param trustedPackages packages read back from L2 for caches without a value type
   */
  public CaskadeCaches(Function<String, CacheSpec> specs, RedisTiers redis, ObjectMapper mapper,
      List<String> trustedPackages, ClassLoader classLoader) {
    this.specs = specs;
    this.redis = redis;
    this.mapper = mapper;
    this.trustedPackages = List.copyOf(trustedPackages);
    this.classLoader = classLoader;
  }

  @Override
  public Cache<String, Object> create(String name) {
    CacheSpec spec = specs.apply(name);
    CacheBuilder<String, Object> b = Caskade.<String, Object>builder(name)
        .ttl(spec.ttl())
        .negativeTtl(spec.negativeTtl())
        .staleWhileRevalidate(spec.staleWhileRevalidate())
        .staleIfError(spec.staleIfError())
        .earlyRefresh(spec.earlyRefresh())
        .maximumSize(spec.maximumSize())
        .loadTimeout(spec.loadTimeout())
        .leaseWait(spec.leaseWait());
    if (spec.protectsSource()) {
      b.source(source(spec));
    }
    if (redis != null && spec.l2()) {
      b.l2(redis.create(name, codec(spec)));
    }
    log.info("Caskade cache '{}': ttl {}, {}", name, spec.ttl(),
        redis != null && spec.l2() ? "L1 + L2 (Redis, fleet-wide single-flight)" : "L1 only");
    return b.build();
  }

  private Source source(CacheSpec spec) {
    Source.Builder s = Source.builder(spec.name()).loadTimeout(spec.loadTimeout());
    if (spec.maxConcurrentLoads() > 0) {
      s.maxConcurrentLoads(spec.maxConcurrentLoads());
    }
    if (spec.maxLoadsPerSecond() > 0) {
      s.maxLoadsPerSecond(spec.maxLoadsPerSecond());
    }
    if (spec.circuitBreaker()) {
      s.circuitBreaker();
    }
    Source source = s.build();
    sources.add(source);
    return source;
  }

  @SuppressWarnings("unchecked")
  private Codec<Object> codec(CacheSpec spec) {
    if (spec.valueType() != null) {
      return (Codec<Object>) (Codec<?>) JacksonCodec.of(mapper, spec.valueType());
    }
    return new TrustedJsonCodec(mapper, trustedPackages, classLoader);
  }

  @Override
  public void close() {
    sources.forEach(Source::close);
  }
}
