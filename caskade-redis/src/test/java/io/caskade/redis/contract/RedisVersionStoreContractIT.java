package io.caskade.redis.contract;

import io.caskade.contracts.VersionStoreContract;
import io.caskade.redis.ContractParts;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisPlatform;
import io.caskade.redis.RedisVersionStore;
import io.caskade.testkit.RedisProcess;
import io.caskade.tier.VersionStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The version-store contract on a redis-server of the test's own (the suite flushes it). */
class RedisVersionStoreContractIT extends VersionStoreContract {

  private static RedisProcess redis;
  private static RedisPlatform platform;

  @BeforeAll
  static void start() {
    redis = RedisProcess.start();
    platform = RedisPlatform.builder(RedisConfig.standalone(redis.uri()))
        .commandTimeout(Duration.ofSeconds(2)).build(); // a loaded CI machine: no timing flakes
  }

  @AfterAll
  static void stop() {
    platform.close();
    redis.close();
  }

  @Override
  protected VersionStore newVersionStore() {
    return RedisVersionStore.on(platform);
  }

  @Override
  protected void loseCounter(String counter) {
    platform.commands(Duration.ofSeconds(2)).del(ContractParts.counterKey(counter));
  }

  @Override
  protected void loseAll() {
    platform.commands(Duration.ofSeconds(2)).flushall();
  }
}
