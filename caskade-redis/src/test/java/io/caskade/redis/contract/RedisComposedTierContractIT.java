package io.caskade.redis.contract;

import io.caskade.codec.KeyCodec;
import io.caskade.codec.StringCodec;
import io.caskade.contracts.ComposedTierContract;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.testkit.RedisServers;
import io.caskade.tier.Tier;

/** Two caches over {@link RedisTier} (the composed Redis tier), each its own client, on the shared Redis. */
class RedisComposedTierContractIT extends ComposedTierContract {

  /** Each tier owns a platform (another application instance), closed with the cache. */
  @Override
  protected Tier<String, String> newTier(String cache) {
    return RedisTier.builder(RedisConfig.standalone(RedisServers.shared()), cache,
        KeyCodec.strings(), StringCodec.utf8()).build();
  }
}
