package io.caskade.benchmarks;

import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import com.alicp.jetcache.redis.lettuce.RedisLettuceCacheBuilder;
import com.alicp.jetcache.support.Fastjson2KeyConvertor;
import com.alicp.jetcache.support.JavaValueDecoder;
import com.alicp.jetcache.support.JavaValueEncoder;
import io.lettuce.core.RedisClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The peers' Redis clients and caches, configured the way their documentation shows, against the
 * same Redis as Caskade ({@link Redis#url()}).
 */
final class Peers {

  private Peers() {}

  /** Redisson on one server, default codec settings (each use names its codec). */
  static RedissonClient redisson() {
    Config config = new Config();
    config.useSingleServer().setAddress(Redis.url());
    return Redisson.create(config);
  }

  /** JetCache's remote cache on Lettuce: Fastjson2 key convertor, Java serialization of values. */
  static <K, V> com.alicp.jetcache.Cache<K, V> jetcacheRemote(RedisClient client, String prefix,
      Duration ttl) {
    return RedisLettuceCacheBuilder.createRedisLettuceCacheBuilder()
        .redisClient(client)
        .keyPrefix(prefix)
        .keyConvertor(Fastjson2KeyConvertor.INSTANCE)
        .valueEncoder(JavaValueEncoder.INSTANCE)
        .valueDecoder(JavaValueDecoder.INSTANCE)
        .expireAfterWrite(ttl.toMillis(), TimeUnit.MILLISECONDS)
        .buildCache();
  }

  /** JetCache's embedded Caffeine cache of {@code limit} entries. */
  static <K, V> com.alicp.jetcache.Cache<K, V> jetcacheLocal(int limit, Duration ttl) {
    return CaffeineCacheBuilder.createCaffeineCacheBuilder()
        .limit(limit)
        .expireAfterWrite(ttl.toMillis(), TimeUnit.MILLISECONDS)
        .buildCache();
  }

  /** Spring Data Redis on Lettuce, started. */
  static LettuceConnectionFactory springConnectionFactory() {
    URI uri = URI.create(Redis.url());
    LettuceConnectionFactory factory = new LettuceConnectionFactory(
        new RedisStandaloneConfiguration(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()));
    factory.afterPropertiesSet();
    factory.start();
    return factory;
  }

  /** Spring Data Redis's {@code RedisCache} with string values and a TTL. */
  static RedisCache springRedisCache(LettuceConnectionFactory factory, String name, Duration ttl) {
    RedisCacheManager manager = RedisCacheManager.builder(factory)
        .cacheDefaults(RedisCacheConfiguration.defaultCacheConfig()
            .entryTtl(ttl)
            .disableCachingNullValues()
            .serializeValuesWith(SerializationPair.fromSerializer(RedisSerializer.string())))
        .build();
    manager.afterPropertiesSet();
    return (RedisCache) manager.getCache(name);
  }
}
