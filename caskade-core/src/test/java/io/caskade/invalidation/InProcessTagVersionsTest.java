package io.caskade.invalidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InProcessTagVersionsTest {

  @Test
  void bumpsNeverRepeatAVersion() {
    TagVersions tags = TagVersions.inProcess();
    long v0 = tags.current("t");
    long v1 = tags.bump("t");
    long v2 = tags.bump("t");
    assertThat(v1).isGreaterThan(v0);
    assertThat(v2).isGreaterThan(v1);
    assertThat(tags.current("t")).isEqualTo(v2);
    assertThat(tags.isCurrent(Map.of("t", v1))).isFalse();
  }

  @Test
  void aRestartedProcessNeverReissuesAnEarlierProcesssVersions() {
    TagVersions before = TagVersions.inProcess();
    long neverBumped = before.current("u");
    long bumped = before.bump("t");
    await().atMost(Duration.ofSeconds(1))
        .until(() -> InProcessTagVersions.nowMicros() > bumped);
    TagVersions after = TagVersions.inProcess(); // the process after a restart
    assertThat(after.current("t")).isGreaterThan(bumped);
    assertThat(after.current("u")).isNotEqualTo(neverBumped);
    assertThat(after.isCurrent(Map.of("t", bumped))).isFalse();
    assertThat(after.bump("t")).isGreaterThan(bumped);
  }
}
