package io.caskade.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code RedisStore.distinct}: a batch's duplicate Redis keys are found, equal hashes are not. */
class DistinctKeysTest {

  @Test
  void findsEveryDuplicateAndNoFalseOne() {
    Random random = new Random(7);
    for (int n = 0; n < 300; n++) {
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        keys.add("c:{cache:1:" + random.nextInt(2 * n + 1) + "}:v");
      }
      assertThat(RedisStore.distinct(keys.toArray(String[]::new)))
          .as("%d keys", n).isEqualTo(new HashSet<>(keys).size() == keys.size());
    }
  }

  @Test
  void keysWithEqualHashesAreStillDistinct() {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    assertThat(RedisStore.distinct(new String[] {"Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa"}))
        .isTrue();
    assertThat(RedisStore.distinct(new String[] {"Aa", "BB", "AaAa", "BB"})).isFalse();
  }
}
