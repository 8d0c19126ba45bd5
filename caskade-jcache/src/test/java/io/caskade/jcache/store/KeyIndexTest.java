package io.caskade.jcache.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyIndexTest {

  @Test
  void aSweepForgetsOnlyKeysExpiredLongerAgoThanTheGrace() {
    KeyIndex index = new KeyIndex(60_000);
    long now = 1_000_000_000L;
    index.record("eternal", Long.MAX_VALUE);
    index.record("live", now + 1);
    index.record("just-expired", now - 59_000);
    index.record("long-expired", now - 61_000);

    index.sweep(now);

    assertThat(index.snapshot()).containsExactlyInAnyOrder("eternal", "live", "just-expired");
  }

  @Test
  void theIndexOfAnExpiringCacheStaysBounded() {
    KeyIndex index = new KeyIndex(0);
    long longAgo = System.currentTimeMillis() - 1_000;
    for (int i = 0; i < 100_000; i++) {
      index.record(i, longAgo);
    }

    assertThat(index.size()).isLessThanOrEqualTo(10_001);
  }
}
