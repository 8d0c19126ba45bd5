package io.caskade.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.Cache;
import io.caskade.Caskade;
import org.junit.jupiter.api.Test;

/**
 * A fresh tier's first puts reach Redis: the bus message of a put is built before the Redis
 * deadline starts (a cold JVM's first JSON write once took the whole command timeout, the
 * publish then timed out after 1 ms and the put was queued as an invalidation).
 */
class PutReachesL2Test {
  @Test
  void everyPutIsReadBackFromL2WithoutALoad() {
    String name = Tiers.uniqueName("pg");
    try (RedisTier<String, String> tier = Tiers.shared(name).build();
        Cache<String, String> c = Caskade.<String, String>builder(name).disableL1().l2(tier)
            .loader(k -> { throw new IllegalStateException("load " + k); }).build()) {
      for (int i = 0; i < 50; i++) {
        c.put("k" + i, "v" + i);
        assertThat(c.get("k" + i)).isEqualTo("v" + i);
      }
      assertThat(tier.stats().queuedInvalidations()).isZero();
    }
  }
}
