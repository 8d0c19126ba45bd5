package io.caskade.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.testkit.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

class RedisConfigTest {

  @Test
  void parsesStandaloneTlsAclAndClusterUris() {
    RedisConfig plain = RedisConfig.parse("redis://127.0.0.1:6379/2");
    assertThat(plain.isCluster()).isFalse();
    assertThat(plain.isTls()).isFalse();

    RedisConfig tls = RedisConfig.parse("rediss://alice:s3cret@cache.example:6380");
    assertThat(tls.isTls()).isTrue();
    assertThat(tls.username()).isEqualTo("alice");
    assertThat(tls.toString()).doesNotContain("s3cret");

    RedisConfig cluster = RedisConfig.parse("rediss+cluster://bob:pw@10.0.0.1:7000,10.0.0.2:7001");
    assertThat(cluster.isCluster()).isTrue();
    assertThat(cluster.uris()).containsExactly("rediss://bob:pw@10.0.0.1:7000",
        "rediss://bob:pw@10.0.0.2:7001");
    assertThat(cluster.isTls()).isTrue();
    assertThat(cluster.username()).isEqualTo("bob");
  }

  @Test
  void connectsAsAnAclUser() {
    try (RedisProcess redis = RedisProcess.start()) {
      RedisClient admin = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> c = admin.connect()) {
        c.sync().aclSetuser("alice", io.lettuce.core.AclSetuserArgs.Builder.on()
            .addPassword("s3cret").allKeys().allChannels().allCommands());
        c.sync().aclSetuser("default", io.lettuce.core.AclSetuserArgs.Builder.off());
      } finally {
        admin.shutdown();
      }
      String uri = "redis://alice:s3cret@127.0.0.1:" + redis.port();
      try (RedisTier<String, String> tier = Tiers.on(RedisConfig.parse(uri), "acl").build()) {
        tier.put("k", Entries.fresh("v"));
        assertThat(tier.get("k").value()).isEqualTo("v");
      }
    }
  }
}
