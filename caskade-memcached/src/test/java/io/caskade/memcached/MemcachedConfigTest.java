package io.caskade.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemcachedConfigTest {

  @Test
  void parsesEveryServerInOrderWithTheDefaultPort() {
    assertThat(MemcachedConfig.parse("memcached://h1:11311,h2, 10.0.0.3:1"))
        .containsExactly(new MemcachedServer("h1", 11311), new MemcachedServer("h2", 11211),
            new MemcachedServer("10.0.0.3", 1));
  }

  @Test
  void refusesWhatIsNotAFleet() {
    assertThatThrownBy(() -> MemcachedConfig.parse("redis://h1:6379"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemcachedConfig.parse("memcached://h1,,h2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemcachedConfig.parse("memcached://h1:1,h1:1"))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> MemcachedConfig.builder("memcached://h").maxItemBytes(10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultsAreShortTimeoutsAndMemcachedsItemLimit() {
    MemcachedConfig c = MemcachedConfig.of("memcached://h");
    assertThat(c.servers()).isEqualTo(List.of(new MemcachedServer("h", 11211)));
    assertThat(c.operationTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.maxItemBytes()).isEqualTo(1024 * 1024);
    assertThat(c.breakerOpenFor()).isEqualTo(Duration.ofSeconds(1));
  }
}
