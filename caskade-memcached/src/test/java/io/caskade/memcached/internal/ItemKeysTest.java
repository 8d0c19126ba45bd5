package io.caskade.memcached.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ItemKeysTest {

  @Test
  void readableKeysStayReadableOthersAreHashed() {
    assertThat(ItemKeys.entry("users", 7, "42")).isEqualTo("caskade:e:users:7:42");
    assertThat(ItemKeys.counter("users/tag/t")).isEqualTo("caskade:v:users/tag/t");
    String tooLong = ItemKeys.entry("users", 7, "k".repeat(250));
    assertThat(tooLong).startsWith("caskade:#").hasSize(49);
    assertThat(ItemKeys.entry("users", 7, "a b")).startsWith("caskade:#");
    assertThat(ItemKeys.entry("users", 7, "é")).startsWith("caskade:#");
    assertThat(ItemKeys.entry("users", 7, "a\tb")).isNotEqualTo(ItemKeys.entry("users", 7, "a b"));
    assertThat(ItemKeys.entry("users", 7, "k".repeat(250)))
        .as("deterministic").isEqualTo(tooLong);
  }

  @Test
  void expiriesAreWholeSecondsRoundedUpAndAbsoluteBeyondThirtyDays() {
    assertThat(Expiry.of(0)).isZero();
    assertThat(Expiry.of(1)).isEqualTo(1);
    assertThat(Expiry.of(TimeUnit.MILLISECONDS.toNanos(1500))).isEqualTo(2);
    assertThat(Expiry.of(TimeUnit.DAYS.toNanos(30))).isEqualTo(2_592_000);
    long now = System.currentTimeMillis() / 1000;
    assertThat((long) Expiry.of(TimeUnit.DAYS.toNanos(31)))
        .isBetween(now + 31L * 86_400, now + 31L * 86_400 + 5);
  }

  @Test
  void placeholdersRoundTripAndAreNeverEnvelopes() {
    Placeholder p = new Placeholder("tok", 123L, new byte[] {(byte) 0xCA, 0x5D, 1});
    byte[] bytes = p.encode();
    assertThat(Placeholder.is(bytes)).isTrue();
    Placeholder back = Placeholder.decode(bytes);
    assertThat(back.token()).isEqualTo("tok");
    assertThat(back.deadlineMillis()).isEqualTo(123L);
    assertThat(back.embedded()).containsExactly((byte) 0xCA, 0x5D, 1);
    assertThat(Placeholder.decode(new Placeholder("t", 1, null).encode()).embedded()).isNull();
    assertThat(Placeholder.is(new byte[] {(byte) 0xCA, 0x5D, 1, 0})).isFalse();
    assertThat(Placeholder.decode(new byte[] {(byte) 0xCA, 0x1E, 1, 9})).isNull();
  }
}
