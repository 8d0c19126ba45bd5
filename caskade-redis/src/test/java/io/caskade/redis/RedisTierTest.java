package io.caskade.redis;

import io.caskade.tier.ValueTooLargeException;
import io.caskade.codec.KeyCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.caskade.entry.Entry;
import io.caskade.invalidation.TagVersions;
import io.caskade.codec.JacksonCodec;
import io.caskade.testkit.RedisServers;
import io.caskade.tier.Lease;
import io.caskade.tier.Leases;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisTierTest {

  record User(long id, String name) {}

  private final String name = Tiers.uniqueName("tier");
  private final RedisTier<String, String> tier = Tiers.shared(name).build();
  private final RawRedis raw = new RawRedis(RedisServers.shared());

  @AfterEach
  void close() {
    tier.close();
    raw.close();
  }

  @Test
  void storesAndReadsEnvelopesWithTheirPhysicalTtl() {
    Entry<String> e = Entries.fresh("v1", Duration.ofSeconds(30));
    tier.put("k", e);
    assertThat(tier.get("k")).isEqualTo(e);
    assertThat(raw.sync().pttl(tier.redisKey("k"))).isBetween(25_000L, 30_000L);
    assertThat(tier.get("absent")).isNull();
    assertThat(tier.stats().hits()).isEqualTo(1);
    assertThat(tier.stats().misses()).isEqualTo(1);
  }

  @Test
  void jacksonValuesRoundTripThroughRedis() {
    try (RedisTier<Long, User> users = RedisTier.builder(
        RedisConfig.standalone(RedisServers.shared()), Tiers.uniqueName("users"),
        KeyCodec.longs(), JacksonCodec.of(User.class)).build()) {
      users.put(7L, Entries.fresh(new User(7, "Ada")));
      users.put(8L, Entries.fresh(null));
      assertThat(users.get(7L).value()).isEqualTo(new User(7, "Ada"));
      assertThat(users.get(8L).isNotFound()).isTrue();
    }
  }

  @Test
  void getAllReadsManyKeysInOneBatch() {
    for (int i = 0; i < 100; i++) {
      tier.put("k" + i, Entries.fresh("v" + i));
    }
    List<String> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 110; i++) {
      keys.add("k" + i);
    }
    Map<String, Entry<String>> found = tier.getAll(keys);
    assertThat(found).hasSize(100);
    assertThat(found.get("k42").value()).isEqualTo("v42");
    assertThat(found).doesNotContainKey("k105");
  }

  @Test
  void corruptBytesAreAMissCountedAndDeleted() {
    tier.put("k", Entries.fresh("v"));
    String redisKey = tier.redisKey("k");
    raw.sync().set(redisKey, "{\"foreign\":\"json\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(tier.get("k")).isNull();
    assertThat(tier.stats().corrupt()).isEqualTo(1);
    assertThat(raw.sync().exists(redisKey)).isZero();

    raw.sync().set(tier.redisKey("other"), new byte[] {(byte) 0xCA, 0x5D, 1, 0, 1, 2});
    assertThat(tier.getAll(List.of("other", "k"))).isEmpty();
    assertThat(tier.stats().corrupt()).isEqualTo(2);
    assertThat(raw.sync().exists(tier.redisKey("other"))).isZero();
  }

  @Test
  void oversizedValuesAreRejectedWithAClearError() {
    try (RedisTier<String, String> small = Tiers.shared(Tiers.uniqueName("small"))
        .maxValueBytes(1024).build()) {
      String big = "x".repeat(2000);
      assertThatThrownBy(() -> small.put("big", Entries.fresh(big)))
          .isInstanceOf(ValueTooLargeException.class)
          .hasMessageContaining("'big'").hasMessageContaining("1024")
          .hasMessageContaining("maxValueBytes");
      Lease lease = small.leases().acquire("big");
      assertThatThrownBy(() -> small.leases().fill("big", Entries.fresh(big), lease))
          .isInstanceOf(ValueTooLargeException.class);
      assertThat(small.get("big")).isNull();
      assertThat(small.stats().oversized()).isEqualTo(2);
      assertThat(small.stats().circuitState()).isEqualTo("CLOSED");
      assertThat(small.leases().acquire("big").isGranted()).as("lease released").isTrue();
    }
  }

  @Test
  void oneLeaseAtATimeAndAFillOnlyWhileItHolds() {
    Leases<String, String> leases = tier.leases();
    Lease first = leases.acquire("k");
    assertThat(first.isGranted()).isTrue();
    assertThat(leases.acquire("k").isGranted()).isFalse();
    assertThat(leases.fill("k", Entries.fresh("v"), first)).isTrue();
    assertThat(tier.get("k").value()).isEqualTo("v");
    assertThat(leases.acquire("k").isGranted()).as("lease dropped by the fill").isTrue();
  }

  @Test
  void invalidationVoidsTheLeaseSoAnOldLoadCannotFillAfterIt() {
    try (RedisTier<String, String> writer = Tiers.shared(name).build()) {
      Lease reader = tier.leases().acquire("row");
      assertThat(reader.isGranted()).isTrue();
      // the reader has read the old row; the writer updates the source and invalidates
      writer.invalidate("row");
      assertThat(tier.leases().fill("row", Entries.fresh("old row"), reader)).isFalse();
      assertThat(tier.get("row")).isNull();
      assertThat(tier.stats().fillsRejected()).isEqualTo(1);
    }
  }

  @Test
  void releaseAndPutVoidLeases() {
    Lease a = tier.leases().acquire("k");
    tier.leases().release("k", a);
    Lease b = tier.leases().acquire("k");
    assertThat(b.isGranted()).isTrue();
    tier.put("k", Entries.fresh("written through"));
    assertThat(tier.leases().fill("k", Entries.fresh("older load"), b)).isFalse();
    assertThat(tier.get("k").value()).isEqualTo("written through");
  }

  @Test
  void withLeasesOffTheTierOffersNone() {
    try (RedisTier<String, String> off = Tiers.shared(name).leases(false).build()) {
      assertThat(off.leases()).isNull();
    }
  }

  @Test
  void namespaceBumpMakesEveryEntryUnreachableOnEveryInstance() {
    try (RedisTier<String, String> other = Tiers.shared(name).build()) {
      RecordingListener heard = new RecordingListener();
      other.subscribe(heard);
      tier.put("a", Entries.fresh("1"));
      tier.put("b", Entries.fresh("2"));
      assertThat(other.get("a")).isNotNull();
      String before = tier.redisKey("a");
      tier.invalidateAll();
      assertThat(tier.get("a")).isNull();
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.all.get() == 1);
      assertThat(other.get("a")).isNull();
      assertThat(other.get("b")).isNull();
      assertThat(other.redisKey("a")).isEqualTo(tier.redisKey("a")).isNotEqualTo(before);
    }
  }

  @Test
  void aNamespaceBumpIsLearntByReReadingWhenNoMessageArrives() {
    try (RedisTier<String, String> other = Tiers.shared(name)
        .refreshInterval(Duration.ofMillis(200)).build()) {
      tier.put("a", Entries.fresh("1"));
      assertThat(other.get("a")).isNotNull();
      raw.sync().incr("c:" + name + ":gen"); // a bump nobody announced
      await().atMost(Duration.ofSeconds(3)).until(() -> other.get("a") == null);
    }
  }

  @Test
  void tagBumpMakesEntriesBuiltUnderTheOldVersionMisses() {
    try (RedisTier<String, String> other = Tiers.shared(name).build()) {
      RecordingListener heard = new RecordingListener();
      other.subscribe(heard);
      TagVersions tags = tier.tagVersions();
      Map<String, Long> versions = tags.current(Set.of("tenant:1"));
      long first = versions.get("tenant:1");
      assertThat(first).as("a new tag starts at the Redis clock floor").isPositive();
      tier.put("k", Entries.tagged("v", Duration.ofMinutes(1), versions));
      tier.put("untagged", Entries.fresh("u"));
      assertThat(other.get("k")).isNotNull();

      long bumped = tags.bump("tenant:1");
      assertThat(bumped).isGreaterThan(first);
      assertThat(tier.get("k")).isNull();
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.tags.contains("tenant:1"));
      assertThat(other.tagVersions().current("tenant:1")).isEqualTo(bumped);
      assertThat(other.get("k")).isNull();
      assertThat(other.get("untagged")).isNotNull();
    }
  }

  @Test
  void busCarriesKeyInvalidationsToOtherInstancesAndIgnoresOwn() {
    try (RedisTier<String, String> other = Tiers.shared(name).build()) {
      RecordingListener heardByOther = new RecordingListener();
      RecordingListener heardBySelf = new RecordingListener();
      other.subscribe(heardByOther);
      tier.subscribe(heardBySelf);
      tier.put("a", Entries.fresh("1"));
      tier.invalidate("a");
      tier.invalidateAll(List.of("b", "c"));
      await().atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(heardByOther.keys).containsExactly("a", "b", "c"));
      assertThat(other.get("a")).isNull();
      await().atMost(Duration.ofSeconds(5))
          .until(() -> tier.stats().busIgnoredOwn() == 2);
      assertThat(heardBySelf.keys).isEmpty();
      assertThat(other.stats().busReceived()).isEqualTo(2);
    }
  }
}
