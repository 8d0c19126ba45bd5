package io.caskade.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Redis keys of a cache, pinned: other instances (and older versions) read them. */
class KeyLayoutTest {

  @Test
  void keysAreWhatEveryVersionReadsAndWrites() {
    KeyLayout plain = new KeyLayout("orders");
    assertThat(plain.value(42, "k1")).isEqualTo("c:{orders:42:k1}:v");
    assertThat(plain.value(42, "k1", "3.1700000000000")).isEqualTo("c:{orders:42:k1}:v:3.1700000000000");
    assertThat(plain.lease(42, "k1")).isEqualTo("c:{orders:42:k1}:l");
    assertThat(plain.invalidation(-7, "ключ", List.of("", "2.5")))
        .containsExactly("c:{orders:-7:ключ}:v", "c:{orders:-7:ключ}:v:2.5", "c:{orders:-7:ключ}:l");
    assertThat(plain.generation()).isEqualTo("c:orders:gen");
    assertThat(plain.tag("t")).isEqualTo("c:orders:tag:t");
    assertThat(KeyLayout.schemas("orders")).isEqualTo("c:orders:schemas");

    assertThat(plain.value(43, "k1")).as("a new generation").isEqualTo("c:{orders:43:k1}:v");
    assertThat(plain.lease(42, "k1")).as("and back").isEqualTo("c:{orders:42:k1}:l");

    KeyLayout versioned = new KeyLayout("orders", () -> "2.99");
    assertThat(versioned.value(Long.MAX_VALUE, "k")).isEqualTo(
        "c:{orders:9223372036854775807:k}:v:2.99");
  }
}
