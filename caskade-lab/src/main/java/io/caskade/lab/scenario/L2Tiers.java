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
 * Where the lab gets its shared L2. With {@code --l2 redis} (the default): a Redis tier
 * (caskade-redis) on {@link LabSettings#redisUrl()}, else {@code REDIS_URL}, else 127.0.0.1:6379,
 * else an embedded redis-server the lab starts and stops at exit ({@link RedisServers#shared()}).
 * With {@code --l2 memcached}: a Memcached store, leases and versions over three memcached
 * servers the lab starts itself ({@link LabMemcached}), without a bus, so L1 is bounded.
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

  /** True when the run asked for the Memcached tier. */
  static boolean memcached(LabContext context) {
    return "memcached".equals(context.settings().l2());
  }

  /**
   * Gives {@code builder} one instance's tier of the fleet-wide cache {@code cacheName}, on the
   * run's L2 kind (with memcached, L1 lives at most {@link LabMemcached#L1_BOUND}: no bus).
   */
  static io.caskade.CacheBuilder<Long, User> attach(io.caskade.CacheBuilder<Long, User> builder,
      LabContext context, String cacheName) {
    if (memcached(context)) {
      return builder.l2(LabMemcached.shared().tier(cacheName))
          .l1MaxLifetime(LabMemcached.L1_BOUND);
    }
    return builder.l2(redis(context, cacheName));
  }

  /** One instance's Redis tier of the fleet-wide cache {@code cacheName}. */
  static Tier<Long, User> redis(LabContext context, String cacheName) {
    return RedisTier.builder(RedisConfig.standalone(redisUrl(context)), cacheName,
        KeyCodec.longs(), JacksonCodec.of(User.class)).build();
  }
}
