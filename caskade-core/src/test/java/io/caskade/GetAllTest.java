package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GetAllTest {

  @Test
  void loadsOnlyTheMissesWithOneBulkLoad() {
    CountingLoader<Integer, String> loader = new CountingLoader<>(k -> "v" + k);
    try (Cache<Integer, String> cache = Caskade.<Integer, String>builder("bulk").loader(loader).build()) {
      for (int i = 0; i < 10; i++) {
        cache.put(i * 10, "cached" + i);
      }
      List<Integer> keys = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        keys.add(i);
      }

      Map<Integer, String> values = cache.getAll(keys);

      assertThat(values).hasSize(100);
      assertThat(values.get(30)).isEqualTo("cached3");
      assertThat(values.get(31)).isEqualTo("v31");
      assertThat(loader.bulkLoads).hasValue(1);
      assertThat(loader.loads).hasValue(0);
      assertThat(loader.bulkKeys.get(0)).hasSize(90).doesNotContain(0, 10, 20, 90);
      assertThat(List.copyOf(values.keySet())).isEqualTo(keys); // caller's order

      cache.getAll(keys);
      assertThat(loader.bulkLoads).as("second call is all hits").hasValue(1);
    }
  }

  @Test
  void keysTheSourceLacksAreAbsentAndCachedAsNotFound() {
    CountingLoader<Integer, String> loader = new CountingLoader<>(k -> k % 2 == 0 ? "even" + k : null);
    try (Cache<Integer, String> cache = Caskade.<Integer, String>builder("bulk-nf").loader(loader).build()) {
      Map<Integer, String> values = cache.getAll(List.of(1, 2, 3, 4));
      assertThat(values).containsOnlyKeys(2, 4);
      assertThat(cache.lookup(1).isNotFound()).isTrue();
      cache.getAll(List.of(1, 2, 3, 4));
      assertThat(loader.bulkLoads).hasValue(1);
    }
  }
}
