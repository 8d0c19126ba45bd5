package io.caskade.redis;

import io.caskade.codec.KeyCodec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.metrics.CacheEventType;
import io.caskade.codec.Codec;
import io.caskade.codec.CodecException;
import io.caskade.codec.JacksonCodec;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.RedisServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A fill that cannot be stored: its lease is released at once and L2 is not called down. */
class FillFailureTest {

  /** Strings, except that "poison" cannot be encoded (as a getter that throws would). */
  private static final Codec<String> POISONED = new Codec<>() {
    @Override
    public byte[] encode(String value) {
      if (value.startsWith("poison")) {
        throw new CodecException("cannot encode " + value);
      }
      return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      return StringCodec.utf8().decode(bytes);
    }
  };

  private final String name = Tiers.uniqueName("fillfail");
  private final RedisConfig config = RedisConfig.standalone(RedisServers.shared());
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T t) {
    open.add(t);
    return t;
  }

  private RedisTier<String, String> tier(Codec<String> codec, int maxValueBytes) {
    return track(RedisTier.builder(config, name, KeyCodec.strings(), codec)
        .maxValueBytes(maxValueBytes).build());
  }

  @Test
  void aCodecFailureOnFillReleasesTheLeaseAtOnceAndIsNoL2Outage() {
    RedisTier<String, String> tier = tier(POISONED, 1 << 20);
    Cache<String, String> cache = track(Caskade.<String, String>builder(name).l2(tier)
        .loader(k -> "poison-" + k).build());

    assertThat(cache.get("k")).isEqualTo("poison-k"); // served, from L1 only

    String leaseKey = new KeyLayout(name).lease(0, "k");
    try (RawRedis raw = new RawRedis(RedisServers.shared())) {
      // released at once: no one waits for the 5 s lease of a fill that cannot happen
      await().atMost(Duration.ofMillis(1_000)).until(() -> raw.sync().exists(leaseKey) == 0);
    }
    RedisTier<String, String> other = tier(POISONED, 1 << 20);
    assertThat(other.leases().acquire("k").isGranted()).as("another instance gets the lease")
        .isTrue();
    assertThat(cache.stats().count(CacheEventType.L2_ERROR)).isZero();
    assertThat(cache.stats().count(CacheEventType.L2_REJECTED)).isEqualTo(1);
    assertThat(tier.stats().unencodable()).isEqualTo(1);
    assertThat(tier.stats().errors()).isZero();
    assertThat(tier.stats().state()).isEqualTo("UP");
  }

  /** A value whose getter throws: Jackson cannot write it. */
  public static final class Exploding {
    public String getName() {
      throw new IllegalStateException("getter failed");
    }
  }

  @Test
  void aGetterThatThrowsInJacksonReleasesTheLeaseToo() {
    String cacheName = Tiers.uniqueName("getter");
    RedisTier<String, Exploding> tier = track(RedisTier.builder(config, cacheName,
        KeyCodec.strings(), JacksonCodec.of(Exploding.class)).build());
    Cache<String, Exploding> cache = track(Caskade.<String, Exploding>builder(cacheName)
        .l2(tier).loader(k -> new Exploding()).build());

    assertThat(cache.get("k")).isNotNull();

    String leaseKey = new KeyLayout(cacheName).lease(0, "k");
    try (RawRedis raw = new RawRedis(RedisServers.shared())) {
      await().atMost(Duration.ofMillis(1_000)).until(() -> raw.sync().exists(leaseKey) == 0);
    }
    assertThat(cache.stats().count(CacheEventType.L2_ERROR)).isZero();
    assertThat(tier.stats().unencodable()).isEqualTo(1);
  }

  @Test
  void aValueOverMaxValueBytesIsRejectedNotAnL2ErrorAndTheTierStaysHealthy() {
    RedisTier<String, String> tier = tier(StringCodec.utf8(), 256);
    Cache<String, String> cache = track(Caskade.<String, String>builder(name).l2(tier)
        .loader(k -> k.startsWith("big") ? "x".repeat(1_000) : "small-" + k).build());

    assertThat(cache.get("big-1")).hasSize(1_000);
    cache.put("big-2", "y".repeat(1_000));

    assertThat(cache.stats().count(CacheEventType.L2_ERROR)).isZero();
    assertThat(cache.stats().count(CacheEventType.L2_REJECTED)).isEqualTo(2);
    assertThat(tier.stats().oversized()).isEqualTo(2);
    assertThat(tier.stats().state()).isEqualTo("UP");
    String leaseKey = new KeyLayout(name).lease(0, "big-1");
    try (RawRedis raw = new RawRedis(RedisServers.shared())) {
      assertThat(raw.sync().exists(leaseKey)).isZero();
    }
    // L2 still serves the values it can hold, to another instance
    assertThat(cache.get("s")).isEqualTo("small-s");
    Cache<String, String> reader = track(Caskade.<String, String>builder(name)
        .l2(tier(StringCodec.utf8(), 256)).loader(k -> "reloaded").build());
    assertThat(reader.get("s")).isEqualTo("small-s");
  }
}
