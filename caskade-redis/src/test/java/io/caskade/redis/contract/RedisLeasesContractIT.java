package io.caskade.redis.contract;

import io.caskade.contracts.LeasesContract;
import io.caskade.redis.ContractParts;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisPlatform;
import io.caskade.testkit.RedisServers;
import io.caskade.tier.Leases;
import io.caskade.tier.TierStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The lease contract on the shared Redis (fresh cache names). */
class RedisLeasesContractIT extends LeasesContract {

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
  protected Leases<String, String> newLeases(TierStore<String, String> store) {
    return ContractParts.leases(platform, store, leaseTtl());
  }

  @Override
  protected Duration leaseTtl() {
    return Duration.ofSeconds(1);
  }
}
