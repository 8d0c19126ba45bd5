package io.caskade.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caskade.Cache;
import io.caskade.Caskade;
import org.junit.jupiter.api.Test;

/** A Redis tier is bound to the one cache it serves; its Redis namespace may have another name. */
class TierBindingTest {

  @Test
  void theRedisNamespaceMayDifferFromTheCacheName() {
    String redisName = Tiers.uniqueName("staging-users");
    try (RedisTier<String, String> tier = Tiers.shared(redisName).build();
        Cache<String, String> users = Caskade.<String, String>builder("users").l2(tier)
            .loader(k -> "v-" + k).build()) {
      assertThat(users.get("a")).isEqualTo("v-a");
      assertThat(tier.redisKey("a")).startsWith("c:{" + redisName + ":");
    }
  }

  @Test
  void oneTierServesOneCache() {
    String name = Tiers.uniqueName("bind");
    try (RedisTier<String, String> tier = Tiers.shared(name).build();
        Cache<String, String> first = Caskade.<String, String>builder(name).l2(tier)
            .loader(k -> "v").build()) {
      assertThat(first.get("k")).isEqualTo("v");
      assertThatThrownBy(() -> Caskade.<String, String>builder("other").l2(tier)
          .loader(k -> "v").build()).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already serves cache '" + name + "'");
    }
  }
}
