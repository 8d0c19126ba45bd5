package io.caskade.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.bus.InvalidationMessage;
import io.caskade.bus.InvalidationMessage.Kind;
import io.caskade.bus.MessageFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageChunksTest {

  @Test
  void aSmallBatchIsOneMessage() {
    List<String> payloads = MessageChunks.keys("users", "me", List.of("1", "2"), 7_900);

    assertThat(payloads).hasSize(1);
    InvalidationMessage m = decode(payloads.get(0));
    assertThat(m.kind()).isEqualTo(Kind.KEYS);
    assertThat(m.keys()).containsExactly("1", "2");
    assertThat(m.origin()).isEqualTo("me");
    assertThat(m.cache()).isEqualTo("users");
  }

  @Test
  void aLargeBatchIsSplitUnderTheLimitKeepingEveryKeyInOrder() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      keys.add("order:" + i + ":ü\"\\" + "x".repeat(i % 50));
    }

    List<String> payloads = MessageChunks.keys("orders", "me", keys, 7_900);

    assertThat(payloads.size()).isGreaterThan(1);
    List<String> back = new ArrayList<>();
    for (String p : payloads) {
      assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(7_900);
      back.addAll(decode(p).keys());
    }
    assertThat(back).containsExactlyElementsOf(keys);
  }

  @Test
  void aKeyTooLongForAnyNotificationClearsEverything() {
    List<String> payloads = MessageChunks.keys("orders", "me",
        List.of("short", "y".repeat(10_000)), 7_900);

    assertThat(payloads).hasSize(2);
    assertThat(decode(payloads.get(0)).keys()).containsExactly("short");
    assertThat(decode(payloads.get(1)).kind()).isEqualTo(Kind.ALL);
  }

  private static InvalidationMessage decode(String payload) {
    return MessageFormat.decode(payload.getBytes(StandardCharsets.UTF_8));
  }
}
