package io.caskade.redis.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.bus.InvalidationBus;
import io.caskade.bus.Partitions;
import io.caskade.contracts.NumberedBusContract;
import io.caskade.redis.ContractParts;
import io.caskade.redis.RedisBus;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisPlatform;
import io.caskade.testkit.RedisProcess;
import io.lettuce.core.KillArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The bus contract on a redis-server of the test's own: each bus is another application (a
 * platform of its own with a client name); a lost connection is forced by killing that platform's
 * pub/sub connection ({@code CLIENT KILL ID}), which Lettuce re-establishes by itself. The Redis
 * bus numbers key messages, so the gap test runs; it reports {@code onBusDown} only when Redis
 * cannot be asked either, so the test that expects it on every loss is skipped.
 */
class RedisBusContractIT extends NumberedBusContract {

  private static RedisProcess redis;
  private static RedisPlatform admin;
  private final List<RedisPlatform> platforms = new ArrayList<>();
  private final Map<InvalidationBus, String> names = new IdentityHashMap<>();

  @BeforeAll
  static void start() {
    redis = RedisProcess.start();
    admin = RedisPlatform.of(RedisConfig.standalone(redis.uri()));
  }

  @AfterAll
  static void stop() {
    admin.close();
    redis.close();
  }

  @AfterEach
  void closePlatforms() {
    platforms.forEach(RedisPlatform::close);
    platforms.clear();
    names.clear();
  }

  private static RedisClusterCommands<String, byte[]> commands() {
    return admin.commands(Duration.ofSeconds(2));
  }

  @Override
  protected InvalidationBus newBus() {
    String name = "bus-" + UUID.randomUUID().toString().substring(0, 8);
    RedisPlatform platform = RedisPlatform.builder(RedisConfig.standalone(redis.uri()))
        .clientName(name).commandTimeout(Duration.ofSeconds(2)).build();
    platforms.add(platform);
    RedisBus bus = RedisBus.on(platform);
    names.put(bus, name);
    return bus;
  }

  @Override
  protected void breakConnection(InvalidationBus bus) {
    String name = names.get(bus);
    int killed = 0;
    for (String line : commands().clientList().split("\n")) {
      if (line.contains(" name=" + name + " ") && !line.contains(" sub=0 ")) {
        String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' '));
        killed += commands().clientKill(KillArgs.Builder.id(Long.parseLong(id))).intValue();
      }
    }
    assertThat(killed).as("pub/sub connections of %s killed", name).isEqualTo(1);
  }



  @Override
  protected void loseKeysMessage(InvalidationBus publisher, String cache, List<String> keys) {
    for (String key : keys) {
      commands().hincrby(ContractParts.sequencesKey(cache),
          Integer.toString(Partitions.of(key, Partitions.DEFAULT_COUNT)), 1);
    }
  }
}
