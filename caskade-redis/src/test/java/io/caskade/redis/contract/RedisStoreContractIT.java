package io.caskade.redis.contract;

import io.caskade.contracts.ContractContext;
import io.caskade.contracts.TierStoreContract;
import io.caskade.redis.ContractParts;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisPlatform;
import io.caskade.testkit.RedisServers;
import io.caskade.tier.TierStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on the shared Redis (fresh cache names; nothing is flushed). */
class RedisStoreContractIT extends TierStoreContract {

  private static RedisPlatform platform;

  @BeforeAll
  static void connect() {
    platform = RedisPlatform.builder(RedisConfig.standalone(RedisServers.shared()))
        .commandTimeout(Duration.ofSeconds(2)).build(); // a loaded CI machine: no timing flakes
  }

  @AfterAll
  static void disconnect() {
    platform.close();
  }

  @Override
  protected TierStore<String, String> newStore(String cache) {
    return ContractParts.store(platform, cache);
  }

  @Override
  protected void writeRaw(TierStore<String, String> store, ContractContext context, String key,
      byte[] bytes) {
    platform.commands(Duration.ofSeconds(2)).set(ContractParts.redisKey(store, key), bytes);
  }
}
