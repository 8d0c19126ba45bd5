package io.caskade.spring.boot.metrics;

import io.caskade.spring.CaskadeSpringCache;
import io.caskade.spring.boot.CaskadeAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.context.annotation.Bean;

/**
 * Lets Spring Boot's cache metrics bind Caskade caches: with Actuator and Micrometer, every
 * cache the manager knows at start-up gets {@code cache.*} and {@code caskade.*} meters.
 */
@AutoConfiguration(after = CaskadeAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, CacheMeterBinderProvider.class})
public class CaskadeMetricsAutoConfiguration {

  @Bean
  CacheMeterBinderProvider<CaskadeSpringCache> caskadeCacheMeterBinderProvider() {
    return CaskadeCacheMeterBinder::new;
  }
}
