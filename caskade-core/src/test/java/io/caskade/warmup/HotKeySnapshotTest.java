package io.caskade.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.CacheLoader;
import io.caskade.Caskade;
import io.caskade.metrics.CacheEventType;
import io.caskade.snapshot.HotKeySnapshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HotKeySnapshotTest {

  private final List<Set<Integer>> bulkLoads = Collections.synchronizedList(new ArrayList<>());

  private CacheLoader<Integer, String> loader() {
    return CacheLoader.bulk(k -> "v" + k, ks -> {
      bulkLoads.add(Set.copyOf(ks));
      Map<Integer, String> m = new HashMap<>();
      ks.forEach(k -> m.put(k, "v" + k));
      return m;
    });
  }

  private Cache<Integer, String> cache(HotKeySnapshots<Integer> store, int n, Duration every) {
    // Caffeine counts frequencies once the cache is half full: keep it small enough for that.
    return Caskade.<Integer, String>builder("snap").loader(loader()).maximumSize(200)
        .hotKeySnapshots(store, n, every).build();
  }

  /** Keys 100..219 read once, then keys 0..9 read 20 times each: the hot set is 0..9. */
  private static void traffic(Cache<Integer, String> cache) {
    IntStream.range(100, 220).forEach(cache::get);
    for (int round = 0; round < 20; round++) {
      IntStream.range(0, 10).forEach(cache::get);
    }
  }

  @Test
  void theHottestKeysAreStoredPeriodically() {
    HotKeySnapshots<Integer> store = HotKeySnapshots.inMemory();
    try (Cache<Integer, String> cache = cache(store, 10, Duration.ofMillis(20))) {
      traffic(cache);
      // A run may have caught the traffic midway; a later one stores the final hot set.
      await().atMost(Duration.ofSeconds(5)).until(() -> store.load().equals(cache.keys().hottest(10)));
      // Caffeine may rank a just-admitted hot key behind an older one: mostly the hot set.
      assertThat(store.load().stream().filter(k -> k < 10).count()).isGreaterThanOrEqualTo(8);
    }
  }

  @Test
  void closeStoresTheSnapshotAndANewInstanceWarmsTheSameKeysAndHitsThem() {
    HotKeySnapshots<Integer> store = HotKeySnapshots.inMemory();
    try (Cache<Integer, String> old = cache(store, 10, Duration.ofHours(1))) {
      traffic(old);
      assertThat(store.load()).as("nothing stored before close").isEmpty();
    }
    List<Integer> hot = store.load();
    assertThat(hot).as("stored on close").hasSize(10);
    assertThat(hot.stream().filter(k -> k < 10).count()).isGreaterThanOrEqualTo(8);
    bulkLoads.clear();

    try (Cache<Integer, String> restarted = cache(store, 10, Duration.ofHours(1))) {
      WarmUpResult result = WarmUp.of(restarted).runSnapshot(store);
      long missesAfterWarmUp = restarted.stats().misses();

      assertThat(result.loaded()).isEqualTo(10);
      assertThat(bulkLoads).as("one loadAll for the whole snapshot, no stampede")
          .containsExactly(Set.copyOf(hot));
      for (int round = 0; round < 20; round++) {
        hot.forEach(restarted::get);
      }
      assertThat(restarted.stats().misses()).as("the old hot set is all hits")
          .isEqualTo(missesAfterWarmUp);
      assertThat(restarted.stats().count(CacheEventType.L1_HIT)).isEqualTo(200);
    }
  }

  @Test
  void anInstanceClosedBeforeServingAnythingKeepsTheOldSnapshot() {
    HotKeySnapshots<Integer> store = HotKeySnapshots.inMemory();
    store.store(List.of(1, 2, 3));
    cache(store, 10, Duration.ofHours(1)).close();
    assertThat(store.load()).containsExactly(1, 2, 3);
  }

  @Test
  void aFailingStoreIsCountedNotThrown() {
    HotKeySnapshots<Integer> broken = new HotKeySnapshots<>() {
      @Override
      public void store(List<? extends Integer> keys) {
        throw new IllegalStateException("store down");
      }

      @Override
      public List<Integer> load() {
        throw new IllegalStateException("store down");
      }
    };
    Cache<Integer, String> cache = Caskade.<Integer, String>builder("snap-broken")
        .loader(loader()).hotKeySnapshots(broken, 5, Duration.ofMillis(10)).build();
    traffic(cache);
    assertThat(cache.get(1)).as("the cache serves while its store fails").isEqualTo("v1");
    assertThat(WarmUp.of(cache).runSnapshot(broken)).isEqualTo(WarmUpResult.empty());
    cache.close(); // the last snapshot fails too: logged, not thrown
  }
}
