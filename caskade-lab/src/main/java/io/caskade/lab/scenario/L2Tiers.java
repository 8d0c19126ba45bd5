package io.caskade.lab.scenario;

import io.caskade.lab.source.User;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.codec.JacksonCodec;
import io.caskade.testkit.RedisServers;
import io.caskade.tier.Tier;
import java.util.UUID;

/**
 * Where the lab gets its shared L2: a Redis tier (caskade-redis) on {@link LabSettings#redisUrl()},
 * else {@code REDIS_URL}, else 127.0.0.1:6379, else an embedded redis-server the lab starts and
 * stops at exit ({@link RedisServers#shared()}).
 */
final class L2Tiers {

  private L2Tiers() {}

  /** True when the lab can make a Redis tier (always, since caskade-redis arrived). */
  static boolean available() {
    return true;
  }

  /** The Redis the lab uses. */
  static String redisUrl(LabContext context) {
    String url = context.settings().redisUrl();
    return url != null ? url : RedisServers.shared();
  }

  /** A cache name no earlier run used, so that runs never share Redis data. */
  static String freshName(String scenario) {
    return "lab-" + scenario + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** One instance's Redis tier of the fleet-wide cache {@code cacheName}. */
  static Tier<Long, User> redis(LabContext context, String cacheName) {
    return RedisTier.builder(RedisConfig.standalone(redisUrl(context)), cacheName,
        KeyCodec.longs(), JacksonCodec.of(User.class)).build();
  }
}
