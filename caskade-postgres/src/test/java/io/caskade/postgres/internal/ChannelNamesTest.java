package io.caskade.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChannelNamesTest {

  @Test
  void aPlainNameIsKeptReadable() {
    assertThat(ChannelNames.of("users")).isEqualTo("caskade_inv_users");
  }

  @Test
  void anyNameBecomesAnIdentifierOfAtMost63Bytes() {
    for (String name : new String[] {"Users", "users/v2:eu", "ÄÖÜ-☃", "x".repeat(200), "a b\"c",
        ""}) {
      String channel = ChannelNames.of(name);
      assertThat(channel).matches("[a-z0-9_]+");
      assertThat(channel.getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(ChannelNames.MAX_BYTES);
    }
  }

  @Test
  void namesThatReduceAlikeGetDifferentChannels() {
    assertThat(ChannelNames.of("users-v2")).isNotEqualTo(ChannelNames.of("users_v2"));
    assertThat(ChannelNames.of("Users")).isNotEqualTo(ChannelNames.of("users"));
    assertThat(ChannelNames.of("a".repeat(100) + "1"))
        .isNotEqualTo(ChannelNames.of("a".repeat(100) + "2"));
  }

  @Test
  void theChannelOfANameIsStable() {
    assertThat(ChannelNames.of("users/v2:eu")).isEqualTo(ChannelNames.of("users/v2:eu"));
  }
}
