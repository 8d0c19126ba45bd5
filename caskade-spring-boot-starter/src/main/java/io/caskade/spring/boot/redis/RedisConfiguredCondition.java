package io.caskade.spring.boot.redis;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@link RedisLocation} finds a Redis in the environment. */
public final class RedisConfiguredCondition extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context,
      AnnotatedTypeMetadata metadata) {
    RedisLocation location = RedisLocation.of(context.getEnvironment());
    return location.isPresent()
        ? ConditionOutcome.match("Redis configured by " + location.from())
        : ConditionOutcome.noMatch("no caskade.redis.url or spring.data.redis.url/host");
  }
}
