package io.caskade.redis.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.bus.InvalidationBus;
import io.caskade.bus.Partitions;
import io.caskade.codec.KeyCodec;
import io.caskade.codec.StringCodec;
import io.caskade.contracts.ComposedTierContract;
import io.caskade.contracts.ContractContext;
import io.caskade.contracts.NumberedBusContract;
import io.caskade.contracts.LeasesContract;
import io.caskade.contracts.TierStoreContract;
import io.caskade.contracts.VersionStoreContract;
import io.caskade.redis.ContractParts;
import io.caskade.redis.RedisBus;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisPlatform;
import io.caskade.redis.RedisTier;
import io.caskade.redis.RedisVersionStore;
import io.caskade.testkit.RedisClusterProcess;
import io.caskade.testkit.RedisProcess;
import io.caskade.tier.Leases;
import io.caskade.tier.Tier;
import io.caskade.tier.TierStore;
import io.caskade.tier.VersionStore;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** Every contract suite on a 3-master Redis Cluster of the test's own (started on free ports). */
class RedisClusterContractsIT {

  private static RedisClusterProcess cluster;
  private static RedisPlatform platform;

  @BeforeAll
  static void startCluster() {
    cluster = RedisClusterProcess.start();
    platform = newPlatform(null);
  }

  @AfterAll
  static void stopCluster() {
    platform.close();
    cluster.close();
  }

  private static RedisPlatform newPlatform(String clientName) {
    RedisPlatform.Builder b = RedisPlatform.builder(RedisConfig.cluster(cluster.uris()))
        .commandTimeout(Duration.ofSeconds(2));
    if (clientName != null) {
      b.clientName(clientName);
    }
    return b.build();
  }

  @Nested
  class Store extends TierStoreContract {
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

  @Nested
  class Lease extends LeasesContract {
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

  @Nested
  class Versions extends VersionStoreContract {
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
      for (RedisProcess node : cluster.nodes()) {
        withNode(node, c -> c.sync().flushall());
      }
    }
  }

  @Nested
  class Bus extends NumberedBusContract {
    private final List<RedisPlatform> platforms = new ArrayList<>();
    private final Map<InvalidationBus, String> names = new IdentityHashMap<>();

    @AfterEach
    void closePlatforms() {
      platforms.forEach(RedisPlatform::close);
      platforms.clear();
    }

    @Override
    protected InvalidationBus newBus() {
      String name = "bus-" + UUID.randomUUID().toString().substring(0, 8);
      RedisPlatform own = newPlatform(name);
      platforms.add(own);
      RedisBus bus = RedisBus.on(own);
      names.put(bus, name);
      return bus;
    }

    @Override
    protected void breakConnection(InvalidationBus bus) {
      String name = names.get(bus);
      long killed = 0;
      for (RedisProcess node : cluster.nodes()) {
        killed += withNode(node, c -> {
          long n = 0;
          for (String line : c.sync().clientList().split("\n")) {
            if (line.contains(" name=" + name + " ") && !line.contains(" sub=0 ")) {
              String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' '));
              n += c.sync().clientKill(KillArgs.Builder.id(Long.parseLong(id)));
            }
          }
          return n;
        });
      }
      assertThat(killed).as("pub/sub connections of %s killed", name).isEqualTo(1);
    }



    @Override
    protected void loseKeysMessage(InvalidationBus publisher, String cache, List<String> keys) {
      for (String key : keys) {
        platform.commands(Duration.ofSeconds(2)).hincrby(ContractParts.sequencesKey(cache),
            Integer.toString(Partitions.of(key, Partitions.DEFAULT_COUNT)), 1);
      }
    }
  }

  @Nested
  class Composed extends ComposedTierContract {
    @Override
    protected Tier<String, String> newTier(String cache) {
      return RedisTier.builder(RedisConfig.cluster(cluster.uris()), cache, KeyCodec.strings(),
          StringCodec.utf8()).commandTimeout(Duration.ofSeconds(2)).build();
    }
  }

  private static <T> T withNode(RedisProcess node,
      java.util.function.Function<StatefulRedisConnection<String, String>, T> action) {
    RedisClient client = RedisClient.create(node.uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return action.apply(c);
    } finally {
      client.shutdown();
    }
  }
}
