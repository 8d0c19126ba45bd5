package io.caskade.spring.boot.health;

import io.caskade.spring.boot.CaskadeAutoConfiguration;
import io.caskade.spring.boot.redis.RedisTiers;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code caskade} health indicator for the L2, when Actuator's health is present. */
@AutoConfiguration(after = CaskadeAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RedisTiers.class)
@ConditionalOnEnabledHealthIndicator("caskade")
public class CaskadeHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "caskadeHealthIndicator")
  CaskadeL2HealthIndicator caskadeHealthIndicator(RedisTiers tiers) {
    return new CaskadeL2HealthIndicator(tiers);
  }
}
