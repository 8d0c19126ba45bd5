package io.caskade.redis.contract;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.caskade.contracts.ComposedTierContract;
import io.caskade.postgres.PostgresBusHub;
import io.caskade.redis.ContractParts;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisPlatform;
import io.caskade.redis.RedisVersionStore;
import io.caskade.testkit.PostgresServers;
import io.caskade.testkit.RedisServers;
import io.caskade.tier.Tier;
import io.caskade.tier.TierStore;
import io.caskade.tier.compose.Tiers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Parts from two modules in one tier: the Redis store, leases and versions with the PostgreSQL
 * bus instead of Redis pub/sub. Two caches of one name: what one invalidates, puts or clears
 * leaves the other's L1 through {@code LISTEN/NOTIFY}.
 */
class RedisStorePostgresBusIT extends ComposedTierContract {

  private static RedisPlatform platform;
  private static String pgUrl;
  private final List<PostgresBusHub> hubs = new ArrayList<>();

  @BeforeAll
  static void connect() {
    pgUrl = PostgresServers.jdbcUrl();
    assumeTrue(pgUrl != null, "no PostgreSQL (set PG_URL or run one on 127.0.0.1:5432)");
    platform = RedisPlatform.builder(RedisConfig.standalone(RedisServers.shared()))
        .commandTimeout(Duration.ofSeconds(2)).build();
  }

  @AfterAll
  static void disconnect() {
    if (platform != null) {
      platform.close();
    }
  }

  @AfterEach
  void closeHubs() {
    hubs.forEach(PostgresBusHub::close);
    hubs.clear();
  }

  @Override
  protected Tier<String, String> newTier(String cache) {
    PostgresBusHub hub = PostgresBusHub.builder().url(pgUrl).user(PostgresServers.user())
        .password(PostgresServers.password()).build(); // another application instance
    hubs.add(hub);
    TierStore<String, String> store = ContractParts.store(platform, cache);
    return Tiers.compose(store)
        .leases(ContractParts.leases(platform, store, Duration.ofSeconds(5)))
        .versions(RedisVersionStore.on(platform))
        .bus(hub.bus())
        .build();
  }
}
