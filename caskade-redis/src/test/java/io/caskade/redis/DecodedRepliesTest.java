package io.caskade.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caskade.codec.Codec;
import io.caskade.codec.KeyCodec;
import io.caskade.codec.StringCodec;
import io.caskade.entry.Entry;
import io.caskade.testkit.RedisServers;
import io.caskade.time.CacheClock;
import io.caskade.wire.EnvelopeFormat;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store's reads through {@link EntryOutput} and {@link EntriesOutput} on a real Redis: values
 * decoded as they arrive are whole however large, and every kind of miss is still what it was
 * (nothing, expired, corrupt: counted, and corrupt bytes deleted).
 */
class DecodedRepliesTest {

  private final String name = Tiers.uniqueName("decoded");
  private final RedisTier<String, String> tier = Tiers.shared(name)
      .maxValueBytes(4 * 1024 * 1024).build();
  private final RawRedis raw = new RawRedis(RedisServers.shared());
  private final EnvelopeFormat<String> format = new EnvelopeFormat<>(StringCodec.utf8());
  /** Bytes planted behind the tier's back expire by themselves (the Redis is shared). */
  private static final SetArgs MINUTE = SetArgs.Builder.px(60_000);

  @AfterEach
  void close() {
    tier.invalidateAll();
    tier.close();
    raw.close();
  }

  @Test
  void valuesFromTinyToFarBeyondTheScratchArrayAreWhole() {
    List<String> keys = new ArrayList<>();
    for (int size : new int[] {0, 1, 1_024, 60_000, EnvelopeReplies.SCRATCH_LIMIT,
        EnvelopeReplies.SCRATCH_LIMIT + 1, 3 * 1024 * 1024}) {
      String value = text(size);
      tier.put("k" + size, Entries.fresh(value));
      assertThat(tier.get("k" + size).value()).as("size %d", size).isEqualTo(value);
      keys.add("k" + size);
    }
    Map<String, Entry<String>> all = tier.getAll(keys);
    assertThat(all).hasSize(keys.size());
    for (String key : keys) {
      assertThat(all.get(key).value()).isEqualTo(text(Integer.parseInt(key.substring(1))));
    }
    assertThat(tier.stats().hits()).isEqualTo(2L * keys.size());
  }

  @Test
  void anExpiredEnvelopeIsAMissNotCorrupt() {
    long past = CacheClock.system().nanos() - 1_000_000_000L;
    Entry<String> expired = Entry.of("old", past - 10, past - 5, past, past, 1, past - 10,
        Map.of());
    raw.sync().set(tier.redisKey("old"), format.encode(expired), MINUTE);
    tier.put("live", Entries.fresh("live"));

    assertThat(tier.get("old")).isNull();
    assertThat(tier.getAll(List.of("old", "live"))).containsOnlyKeys("live");
    assertThat(tier.stats().misses()).isEqualTo(2);
    assertThat(tier.stats().hits()).isEqualTo(1);
    assertThat(tier.stats().corrupt()).isZero();
    assertThat(raw.sync().exists(tier.redisKey("old"))).as("left to its TTL").isOne();
  }

  @Test
  void largeCorruptBytesAreCountedAndDeletedThroughGet() {
    byte[] damaged = format.encode(Entries.fresh(text(200_000)));
    damaged[100_000] ^= 0x01;
    raw.sync().set(tier.redisKey("big"), damaged, MINUTE);

    assertThat(tier.get("big")).isNull();
    assertThat(tier.stats().corrupt()).isEqualTo(1);
    assertThat(tier.stats().misses()).isEqualTo(1);
    assertThat(raw.sync().exists(tier.redisKey("big"))).as("the exact bytes were deleted").isZero();
  }

  @Test
  void mgetWithHolesAndCorruptMembers() {
    tier.put("a", Entries.fresh("A"));
    tier.put("b", Entries.fresh(text(100_000)));
    raw.sync().set(tier.redisKey("foreign"), "{\"foreign\":1}".getBytes(StandardCharsets.UTF_8),
        MINUTE);
    byte[] damaged = format.encode(Entries.fresh(text(90_000)));
    damaged[3] = 9; // a flag no version knows
    raw.sync().set(tier.redisKey("damaged"), damaged, MINUTE);

    Map<String, Entry<String>> found = tier.getAll(
        List.of("hole1", "a", "foreign", "hole2", "b", "damaged", "hole3"));

    assertThat(found).containsOnlyKeys("a", "b");
    assertThat(found.get("a").value()).isEqualTo("A");
    assertThat(found.get("b").value()).isEqualTo(text(100_000));
    assertThat(tier.stats().hits()).isEqualTo(2);
    assertThat(tier.stats().misses()).isEqualTo(5);
    assertThat(tier.stats().corrupt()).isEqualTo(2);
    assertThat(raw.sync().exists(tier.redisKey("foreign"), tier.redisKey("damaged"))).isZero();
    assertThat(raw.sync().exists(tier.redisKey("a"), tier.redisKey("b"))).isEqualTo(2);
  }

  @Test
  void aKeyAskedForTwiceIsReadAndCountedOnce() {
    tier.put("a", Entries.fresh("A"));
    assertThat(tier.getAll(Arrays.asList("a", "x", "a", "x"))).containsOnlyKeys("a");
    assertThat(tier.stats().hits()).isEqualTo(1);
    assertThat(tier.stats().misses()).isEqualTo(1);
  }

  @Test
  void anErrorInTheCodecReachesTheCallerAndTheConnectionGoesOn() {
    Codec<String> exploding = new Codec<>() {
      @Override
      public byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String decode(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (s.equals("explode")) {
          throw new AssertionError("an Error while decoding");
        }
        return s;
      }
    };
    try (RedisPlatform platform = RedisPlatform.builder(
            RedisConfig.standalone(RedisServers.shared())).build();
        RedisTier<String, String> picky = RedisTier.builder(platform, Tiers.uniqueName("picky"),
            KeyCodec.strings(), exploding).build()) {
      picky.put("bomb", Entries.fresh("explode"));
      picky.put("fine", Entries.fresh("fine"));
      assertThatThrownBy(() -> picky.get("bomb")).isInstanceOf(AssertionError.class);
      assertThatThrownBy(() -> picky.getAll(List.of("fine", "bomb")))
          .isInstanceOf(AssertionError.class);
      assertThat(picky.get("fine").value()).isEqualTo("fine");
      assertThat(picky.getAll(List.of("fine"))).containsOnlyKeys("fine");
      assertThat(picky.stats().corrupt()).isZero();
      assertThat(picky.stats().circuitState()).isEqualTo("CLOSED");
      picky.invalidateAll();
    }
  }

  private static String text(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + i % 26));
    }
    return s.toString();
  }
}
