package io.caskade.spring.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.caskade.spring.CaskadeCacheManager;
import io.caskade.spring.boot.redis.RedisConfiguredCondition;
import io.caskade.spring.boot.redis.RedisLocation;
import io.caskade.spring.boot.redis.RedisTiers;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Auto-configures a {@link CaskadeCacheManager} as the application's {@link CacheManager}.
 *
 * <p>Backs off when the application defines its own {@code CacheManager}, when
 * {@code caskade.enabled=false}, and when {@code spring.cache.type} is set (the application asked
 * for one of Spring Boot's own caches). The L2 is Redis from {@code caskade.redis.url}, else
 * {@code spring.data.redis.*}; with neither, caches are L1 only and a log line says so.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(CacheManager.class)
@ConditionalOnMissingBean(CacheManager.class)
@ConditionalOnBooleanProperty(name = "caskade.enabled", matchIfMissing = true)
@ConditionalOnExpression("'${spring.cache.type:}' == ''")
@EnableConfigurationProperties(CaskadeProperties.class)
public class CaskadeAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(CaskadeAutoConfiguration.class);

  @Bean(destroyMethod = "close") // after the cache manager, which depends on it
  @Conditional(RedisConfiguredCondition.class)
  @ConditionalOnMissingBean
  RedisTiers caskadeRedisTiers(Environment env, CaskadeProperties properties) {
    RedisLocation location = RedisLocation.of(env);
    log.info("Caskade: L2 on Redis {} (from {})", location.config(), location.from());
    return new RedisTiers(location.config(), properties.getRedis().getCommandTimeout());
  }

  @Bean
  @ConditionalOnMissingBean
  CaskadeCaches caskadeCaches(CaskadeProperties properties, ObjectProvider<RedisTiers> redis,
      BeanFactory beanFactory) {
    RedisTiers tiers = redis.getIfAvailable();
    if (tiers == null) {
      log.warn("Caskade: no Redis configured (caskade.redis.url or spring.data.redis.url/host): "
          + "caches are L1 only: single-flight is per instance and evictions stay on this instance");
    }
    List<String> trusted = new ArrayList<>(properties.getTrustedPackages());
    if (AutoConfigurationPackages.has(beanFactory)) {
      trusted.addAll(AutoConfigurationPackages.get(beanFactory));
    }
    ObjectMapper mapper = JsonMapper.builder().findAndAddModules().build();
    return new CaskadeCaches(name -> CacheSpec.resolve(properties, name), tiers, mapper, trusted,
        CaskadeAutoConfiguration.class.getClassLoader());
  }

  @Bean
  CaskadeCacheManager cacheManager(CaskadeCaches caches, CaskadeProperties properties) {
    return CaskadeCacheManager.builder(caches)
        .cacheNames(properties.getCaches().keySet())
        .dynamic(properties.isDynamic())
        .build();
  }
}
