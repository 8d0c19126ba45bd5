/**
 * The L2 tier on Redis: {@link io.caskade.redis.RedisTier} (standalone or Cluster, configured
 * with {@link io.caskade.redis.RedisConfig}), keys mapped by {@link io.caskade.codec.KeyCodec}.
 */
package io.caskade.redis;
