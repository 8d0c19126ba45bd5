package io.caskade.redis;

import io.caskade.codec.KeyCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.metrics.CacheEventType;
import io.caskade.codec.StringCodec;
import io.caskade.redis.journal.RedisWriteJournal;
import io.caskade.testkit.RedisProcess;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis refusing this client (wrong password, ACL) is named with the server's error, the same
 * way by the tier and the journal, fails the build, and shows in the tier's stats when it
 * happens later; an unreachable server does not fail the build.
 */
class RedisRefusalTest {

  private final String name = Tiers.uniqueName("refused");
  private RedisProcess redis;

  @AfterEach
  void stop() {
    if (redis != null) {
      redis.close();
    }
  }

  private static String withUser(RedisProcess p, String user, String password) {
    return "redis://" + user + ":" + password + "@127.0.0.1:" + p.port();
  }

  @Test
  void aWrongPasswordFailsTheTierAndTheJournalBuildWithTheServersError() {
    redis = RedisProcess.start("--requirepass", "secret");
    RedisConfig wrong = RedisConfig.standalone("redis://:wrong@127.0.0.1:" + redis.port());

    assertThatThrownBy(() -> Tiers.on(wrong, name).build())
        .isInstanceOf(RedisAccessException.class)
        .hasMessageContaining("WRONGPASS")
        .hasMessageNotContaining("wrong@")
        .satisfies(e -> assertThat(((RedisAccessException) e).serverError())
            .startsWith("WRONGPASS"));
    assertThatThrownBy(() -> RedisWriteJournal.builder(wrong, name, KeyCodec.strings(),
            StringCodec.utf8()).build())
        .isInstanceOf(RedisAccessException.class)
        .hasMessageContaining("WRONGPASS");

    RedisConfig none = RedisConfig.standalone(redis.uri());
    assertThatThrownBy(() -> Tiers.on(none, name).build())
        .isInstanceOf(RedisAccessException.class)
        .hasMessageContaining("NOAUTH");

    RedisConfig right = RedisConfig.standalone("redis://:secret@127.0.0.1:" + redis.port());
    try (RedisTier<String, String> tier = Tiers.on(right, name).build()) {
      tier.put("k", Entries.fresh("v"));
      assertThat(tier.get("k").value()).isEqualTo("v");
      assertThat(tier.stats().state()).isEqualTo("UP");
    }
  }

  @Test
  void aWrongPasswordFailsTheTierAndJournalBuildsOnASharedPlatform() {
    redis = RedisProcess.start("--requirepass", "secret");
    try (RedisPlatform wrong = RedisPlatform.of(
        RedisConfig.standalone("redis://:wrong@127.0.0.1:" + redis.port()))) {
      assertThatThrownBy(() -> RedisTier.builder(wrong, name, KeyCodec.strings(),
              StringCodec.utf8()).build())
          .isInstanceOf(RedisAccessException.class)
          .hasMessageContaining("WRONGPASS");
      assertThatThrownBy(() -> RedisWriteJournal.builder(wrong, name, KeyCodec.strings(),
              StringCodec.utf8()).build())
          .isInstanceOf(RedisAccessException.class)
          .hasMessageContaining("WRONGPASS");
    }
    try (RedisPlatform right = RedisPlatform.of(
            RedisConfig.standalone("redis://:secret@127.0.0.1:" + redis.port()));
        RedisTier<String, String> tier = RedisTier.builder(right, name, KeyCodec.strings(),
            StringCodec.utf8()).build()) {
      tier.put("k", Entries.fresh("v"));
      assertThat(tier.get("k").value()).isEqualTo("v");
    }
  }

  @Test
  void aUserWhoseAclLacksACommandTheTierNeedsFailsTheBuildWithNoperm() {
    redis = RedisProcess.start();
    try (RawRedis admin = new RawRedis(redis.uri())) {
      admin.sync().aclSetuser("noscripts", AclSetuserArgs.Builder.on().addPassword("pw")
          .allKeys().allChannels().allCommands()
          .removeCommand(CommandType.EVALSHA).removeCommand(CommandType.EVAL));
    }
    RedisConfig config = RedisConfig.standalone(withUser(redis, "noscripts", "pw"));

    assertThatThrownBy(() -> Tiers.on(config, name).build())
        .isInstanceOf(RedisAccessException.class)
        .hasMessageContaining("NOPERM")
        .hasMessageContaining(name);
  }

  @Test
  void aRefusalAfterTheBuildIsNamedInStatsAndReadsStillWork() {
    redis = RedisProcess.start();
    try (RawRedis admin = new RawRedis(redis.uri())) {
      admin.sync().aclSetuser("app", AclSetuserArgs.Builder.on().addPassword("pw")
          .allKeys().allChannels().allCommands());
      RedisConfig config = RedisConfig.standalone(withUser(redis, "app", "pw"));
      try (RedisTier<String, String> tier = Tiers.on(config, name).build();
          Cache<String, String> cache = Caskade.<String, String>builder(name).l2(tier)
              .loader(k -> "loaded-" + k).build()) {
        assertThat(tier.stats().state()).isEqualTo("UP");
        admin.sync().aclSetuser("app", AclSetuserArgs.Builder.removeCommand(CommandType.GET));

        assertThatThrownBy(() -> tier.get("k"))
            .isInstanceOf(RedisAccessException.class)
            .hasMessageContaining("NOPERM");
        assertThat(tier.stats().state()).isEqualTo("REFUSED");
        assertThat(tier.stats().lastError()).startsWith("NOPERM");
        assertThat(cache.get("j")).isEqualTo("loaded-j");
        assertThat(cache.stats().count(CacheEventType.L2_ERROR)).isPositive();
      }
    }
  }

  @Test
  void anUnreachableServerDoesNotFailTheBuildAndTheTierRecovers() {
    redis = RedisProcess.start();
    redis.kill();
    try (RedisTier<String, String> tier =
        Tiers.on(RedisConfig.standalone(redis.uri()), name).build()) {
      assertThat(tier.stats().state()).isEqualTo("DOWN");
      assertThat(tier.stats().lastError()).contains("connect");
      redis.restart();
      await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
        tier.put("k", Entries.fresh("v"));
        assertThat(tier.get("k").value()).isEqualTo("v");
      });
      assertThat(tier.stats().state()).isEqualTo("UP");
    }
  }
}
