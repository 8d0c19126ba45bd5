package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Funnels;
import io.caskade.bloom.BloomGuard;
import io.caskade.metrics.CacheEventType;
import io.caskade.time.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Cache penetration: ids that do not exist must not keep reaching the source. */
class PenetrationTest {

  @Test
  void notFoundIsCachedWithItsOwnTtl() {
    FakeClock clock = new FakeClock();
    CountingLoader<Long, String> loader = new CountingLoader<>(id -> id < 100 ? "user" + id : null);
    try (Cache<Long, String> cache = Caskade.<Long, String>builder("negative")
        .clock(clock).loader(loader)
        .ttl(Duration.ofMinutes(5))
        .negativeTtl(Duration.ofSeconds(30))
        .build()) {
      assertThat(cache.lookup(500L).state()).isEqualTo(Lookup.State.ABSENT);
      assertThat(cache.get(500L)).isNull();
      assertThat(cache.lookup(500L).state()).isEqualTo(Lookup.State.NOT_FOUND);
      for (int i = 0; i < 100; i++) {
        assertThat(cache.get(500L)).isNull();
      }
      assertThat(loader.loads).hasValue(1);
      assertThat(cache.stats().count(CacheEventType.NEGATIVE_HIT)).isEqualTo(100);

      clock.advance(Duration.ofSeconds(30));
      assertThat(cache.lookup(500L).isCached()).as("negative TTL elapsed").isFalse();
      cache.get(500L);
      assertThat(loader.loads).hasValue(2);

      cache.get(5L);
      clock.advance(Duration.ofSeconds(31));
      assertThat(cache.lookup(5L).value()).as("positive entries keep their own TTL").contains("user5");
    }
  }

  @Test
  void optionalLoaderAndPerEntryTtl() {
    FakeClock clock = new FakeClock();
    try (Cache<Long, String> cache = Caskade.<Long, String>builder("optional")
        .clock(clock)
        .loader(CacheLoader.fromOptional(id -> id == 1 ? Optional.of("one") : Optional.empty()))
        .expiry((id, value) -> value == null ? Duration.ofSeconds(2) : Duration.ofHours(1))
        .build()) {
      assertThat(cache.get(1L)).isEqualTo("one");
      assertThat(cache.get(2L)).isNull();
      clock.advance(Duration.ofSeconds(2));
      assertThat(cache.lookup(2L).isCached()).isFalse();
      assertThat(cache.lookup(1L).value()).contains("one");
    }
  }

  @Test
  void bloomGuardKeepsUnknownIdsFromTheLoader() {
    List<Long> existing = LongStream.range(0, 10_000).boxed().collect(Collectors.toList());
    ConcurrentHashMap.KeySetView<Long, Boolean> db = ConcurrentHashMap.newKeySet();
    db.addAll(existing);
    CountingLoader<Long, String> loader = new CountingLoader<>(id -> db.contains(id) ? "u" + id : null);
    BloomGuard<Long> guard = BloomGuard.create(Funnels.longFunnel(), 20_000, 0.01, () -> db);
    try (Cache<Long, String> cache = Caskade.<Long, String>builder("bloom")
        .loader(loader).bloomGuard(guard).build()) {
      int attacks = 10_000;
      for (long id = 1_000_000; id < 1_000_000 + attacks; id++) {
        assertThat(cache.get(id)).isNull();
      }
      long reached = loader.loads.get();
      assertThat(reached).as("false positives only: about 1%").isLessThanOrEqualTo(attacks / 50);
      assertThat(cache.stats().count(CacheEventType.BLOOM_BLOCKED)).isEqualTo(attacks - reached);

      assertThat(cache.get(42L)).isEqualTo("u42");

      db.add(5_000_000L);
      assertThat(guard.mightContain(5_000_000L)).isFalse();
      cache.put(5_000_000L, "new"); // a put records the key in the filter
      assertThat(guard.mightContain(5_000_000L)).isTrue();
      db.add(6_000_000L);
      assertThat(guard.rebuild()).isEqualTo(10_002);
      assertThat(guard.mightContain(6_000_000L)).isTrue();
    }
  }
}
