package io.caskade.redis;

import io.caskade.codec.KeyCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.entry.Entry;
import io.caskade.testkit.RedisClusterProcess;
import io.caskade.tier.Lease;
import io.caskade.wire.EnvelopeFormat;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tier on a real 3-master Redis Cluster started on free ports. */
class RedisClusterTierIT {

  private static RedisClusterProcess cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisClusterProcess.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private RedisTier<String, String> tier(String name) {
    return RedisTier.builder(RedisConfig.cluster(cluster.uris()), name, KeyCodec.strings(),
        io.caskade.codec.StringCodec.utf8()).commandTimeout(Duration.ofSeconds(1)).build();
  }

  @Test
  void readsWritesAndGetAllAcrossSlotsAndNodes() {
    String name = Tiers.uniqueName("cluster");
    try (RedisTier<String, String> tier = tier(name)) {
      List<String> keys = new ArrayList<>();
      Set<Integer> slots = new HashSet<>();
      for (int i = 0; i < 60; i++) {
        tier.put("k" + i, Entries.fresh("v" + i));
        keys.add("k" + i);
        slots.add(SlotHash.getSlot(tier.redisKey("k" + i)));
      }
      assertThat(slots).hasSizeGreaterThan(40);
      assertThat(tier.get("k7").value()).isEqualTo("v7");
      keys.add("missing");
      Map<String, Entry<String>> found = tier.getAll(keys);
      assertThat(found).hasSize(60);
      assertThat(found.get("k59").value()).isEqualTo("v59");

      tier.invalidateAll(List.of("k1", "k2", "k3"));
      assertThat(tier.getAll(List.of("k1", "k2", "k3", "k4"))).containsOnlyKeys("k4");
    }
  }

  @Test
  void getAllDecodesEachSlotsValuesWithHolesCorruptMembersAndLargeValues() {
    String name = Tiers.uniqueName("cluster");
    try (RedisPlatform platform = RedisPlatform.builder(RedisConfig.cluster(cluster.uris()))
            .commandTimeout(Duration.ofSeconds(1)).build();
        RedisTier<String, String> tier = RedisTier.builder(platform, name, KeyCodec.strings(),
            io.caskade.codec.StringCodec.utf8()).build()) {
      EnvelopeFormat<String> format = new EnvelopeFormat<>(io.caskade.codec.StringCodec.utf8());
      RedisClusterCommands<String, byte[]> raw = platform.commands(Duration.ofSeconds(1));
      List<String> keys = new ArrayList<>();
      Set<Integer> slots = new HashSet<>();
      Set<String> corrupt = new HashSet<>();
      for (int i = 0; i < 40; i++) {
        String key = "k" + i;
        keys.add(key);
        slots.add(SlotHash.getSlot(tier.redisKey(key)));
        if (i % 5 == 1) {
          continue; // a hole
        }
        if (i % 5 == 2) {
          byte[] damaged = format.encode(Entries.fresh(value(i)));
          damaged[damaged.length - 1] ^= 0x40;
          raw.set(tier.redisKey(key), damaged, SetArgs.Builder.px(60_000));
          corrupt.add(key);
          continue;
        }
        tier.put(key, Entries.fresh(value(i)));
      }
      assertThat(slots).hasSizeGreaterThan(30);

      Map<String, Entry<String>> found = tier.getAll(keys);

      assertThat(found).hasSize(24);
      for (Map.Entry<String, Entry<String>> e : found.entrySet()) {
        assertThat(e.getValue().value()).isEqualTo(value(Integer.parseInt(e.getKey().substring(1))));
      }
      assertThat(tier.stats().hits()).isEqualTo(24);
      assertThat(tier.stats().misses()).isEqualTo(16);
      assertThat(tier.stats().corrupt()).isEqualTo(8);
      for (String key : corrupt) {
        assertThat(raw.exists(tier.redisKey(key))).as(key).isZero();
      }
      assertThat(tier.get("k3").value()).isEqualTo(value(3));
      assertThat(tier.get("k1")).isNull();
      tier.invalidateAll(keys);
    }
  }

  /** Some values far beyond the decode's scratch array, the others small. */
  private static String value(int i) {
    return i % 7 == 0 ? ("v" + i).repeat(40_000) : "v" + i;
  }

  @Test
  void valueVersionsKeepSeparateCopiesAndAreInvalidatedTogetherOnACluster() {
    String name = Tiers.uniqueName("cluster");
    try (RedisTier<String, String> v1 = versioned(name, "1");
        RedisTier<String, String> v2 = versioned(name, "2")) {
      // fills (under the row's one lease) store each version's copy beside the other's
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        v1.leases().fill("row", Entries.fresh("one"), v1.leases().acquire("row"));
        v2.leases().fill("row", Entries.fresh("two"), v2.leases().acquire("row"));
        return v1.get("row") != null && v2.get("row") != null;
      });
      assertThat(v1.get("row").value()).isEqualTo("one");
      assertThat(v2.get("row").value()).isEqualTo("two");
      assertThat(SlotHash.getSlot(v1.redisKey("row"))).isEqualTo(
          SlotHash.getSlot(v2.redisKey("row")));
      v1.invalidate("row");
      assertThat(v2.get("row")).isNull();
      v2.put("row", Entries.fresh("two"));
      v1.put("row", Entries.fresh("one")); // a write-through on one version voids the other
      assertThat(v2.get("row")).isNull();
      assertThat(v1.get("row").value()).isEqualTo("one");
    }
  }

  private RedisTier<String, String> versioned(String name, String version) {
    return RedisTier.builder(RedisConfig.cluster(cluster.uris()), name, KeyCodec.strings(),
            io.caskade.codec.StringCodec.utf8())
        .commandTimeout(Duration.ofMillis(500))
        .refreshInterval(Duration.ofMillis(200))
        .valueVersion(version)
        .build();
  }

  @Test
  void leasesBusAndGenerationsWorkOnACluster() {
    String name = Tiers.uniqueName("cluster");
    try (RedisTier<String, String> a = tier(name); RedisTier<String, String> b = tier(name)) {
      RecordingListener heard = new RecordingListener();
      b.subscribe(heard);
      Lease lease = a.leases().acquire("row");
      assertThat(lease.isGranted()).isTrue();
      assertThat(b.leases().acquire("row").isGranted()).isFalse();
      b.invalidate("row");
      assertThat(a.leases().fill("row", Entries.fresh("old"), lease)).isFalse();

      Lease again = a.leases().acquire("row");
      assertThat(a.leases().fill("row", Entries.fresh("new"), again)).isTrue();
      assertThat(b.get("row").value()).isEqualTo("new");

      a.invalidate("row");
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.keys.contains("row"));
      a.tagVersions().bump("t");
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.tags.contains("t"));
      a.put("x", Entries.fresh("1"));
      a.invalidateAll();
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.all.get() == 1);
      assertThat(b.get("x")).isNull();
    }
  }

  @Test
  void tiersOfSeveralCachesShareOnePlatformOnACluster() {
    try (RedisPlatform one = RedisPlatform.builder(RedisConfig.cluster(cluster.uris()))
            .commandTimeout(Duration.ofSeconds(1)).build();
        RedisPlatform two = RedisPlatform.builder(RedisConfig.cluster(cluster.uris()))
            .commandTimeout(Duration.ofSeconds(1)).build()) {
      List<RedisTier<String, String>> senders = new ArrayList<>();
      List<RecordingListener> heard = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String name = Tiers.uniqueName("cplat" + i);
        senders.add(RedisTier.builder(one, name, KeyCodec.strings(),
            io.caskade.codec.StringCodec.utf8()).build());
        RedisTier<String, String> receiver = RedisTier.builder(two, name, KeyCodec.strings(),
            io.caskade.codec.StringCodec.utf8()).build();
        RecordingListener listener = new RecordingListener();
        receiver.subscribe(listener);
        heard.add(listener);
        senders.get(i).put("k", Entries.fresh("v" + i));
        assertThat(receiver.get("k").value()).isEqualTo("v" + i);
      }
      for (int i = 0; i < 5; i++) {
        senders.get(i).invalidate("k");
        RecordingListener listener = heard.get(i);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.keys.contains("k"));
      }
    } // closing the platforms closes what the tiers hold
  }
}
