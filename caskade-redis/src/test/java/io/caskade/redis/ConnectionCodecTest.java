package io.caskade.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionCodec} puts the same bytes on the wire as the composed codec it replaced, for
 * every kind of key and value, and decodes replies the same way.
 */
class ConnectionCodecTest {

  private static final RedisCodec<String, byte[]> COMPOSED =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private static final String[] KEYS = {
      "", "k", "c:{cache:1764619200000000:key}:v", "c:{c:1:ключ}:v:2.1700000000000",
      "emoji \uD83D\uDE00 key", "unpaired \uD800 high", "unpaired \uDC00 low", "end \uD83D",
      "x".repeat(10_000), "ü".repeat(3_000)};

  private static final byte[][] VALUES = {
      new byte[0], {0}, {(byte) 0xCA, 0x5D, 1, 0, (byte) 0xFF}, new byte[70_000]};

  @Test
  void commandsAreTheSameBytesAsWithTheComposedCodec() {
    for (String key : KEYS) {
      for (byte[] value : VALUES) {
        assertThat(encoded(ConnectionCodec.INSTANCE, key, value))
            .as("key %s", key.length() > 40 ? key.substring(0, 40) + "…" : key)
            .isEqualTo(encoded(COMPOSED, key, value));
      }
    }
  }

  @Test
  void theSizeItAnnouncesIsTheSizeItWrites() {
    for (String key : KEYS) {
      ByteBuf out = Unpooled.buffer();
      ConnectionCodec.INSTANCE.encodeKey(key, out);
      assertThat(out.readableBytes()).isEqualTo(ConnectionCodec.INSTANCE.estimateSize(key));
    }
    for (byte[] value : VALUES) {
      ByteBuf out = Unpooled.buffer();
      ConnectionCodec.INSTANCE.encodeValue(value, out);
      assertThat(out.readableBytes()).isEqualTo(ConnectionCodec.INSTANCE.estimateSize(value));
    }
    assertThat(ConnectionCodec.INSTANCE.isEstimateExact()).isTrue();
  }

  @Test
  void repliesDecodeAsWithTheComposedCodec() {
    byte[] utf8 = "c:{ключ}:v".getBytes(StandardCharsets.UTF_8);
    assertThat(ConnectionCodec.INSTANCE.decodeKey(ByteBuffer.wrap(utf8)))
        .isEqualTo(COMPOSED.decodeKey(ByteBuffer.wrap(utf8)));
    assertThat(ConnectionCodec.INSTANCE.decodeValue(ByteBuffer.wrap(utf8))).isEqualTo(utf8);
    assertThat(ConnectionCodec.INSTANCE.encodeKey("ключ")).isEqualTo(COMPOSED.encodeKey("ключ"));
    assertThat(ConnectionCodec.INSTANCE.encodeValue(utf8)).isEqualTo(COMPOSED.encodeValue(utf8));
  }

  private static byte[] encoded(RedisCodec<String, byte[]> codec, String key, byte[] value) {
    ByteBuf out = Unpooled.buffer();
    new CommandArgs<>(codec).addKey(key).addValue(value).addKeys(key, "other").encode(out);
    return ByteBufUtil.getBytes(out);
  }
}
