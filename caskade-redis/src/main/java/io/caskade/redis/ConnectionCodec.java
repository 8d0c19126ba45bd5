package io.caskade.redis;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.codec.ToByteBufEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;

/**
 * The codec of a platform's connections: keys are UTF-8 strings, values raw bytes — what
 * {@code RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)} does, and the same bytes on the
 * wire, but a {@link ToByteBufEncoder} with exact sizes: Lettuce writes each key and value
 * straight into the command's buffer, where a composed codec costs a {@link ByteBuffer}, an
 * array and a wrapping buffer per key of every command.
 */
final class ConnectionCodec implements RedisCodec<String, byte[]>, ToByteBufEncoder<String, byte[]> {

  static final ConnectionCodec INSTANCE = new ConnectionCodec();

  private static final StringCodec KEYS = StringCodec.UTF8;
  private static final ByteArrayCodec VALUES = ByteArrayCodec.INSTANCE;

  private ConnectionCodec() {}

  @Override
  public String decodeKey(ByteBuffer bytes) {
    return KEYS.decodeKey(bytes);
  }

  @Override
  public byte[] decodeValue(ByteBuffer bytes) {
    return VALUES.decodeValue(bytes);
  }

  @Override
  public ByteBuffer encodeKey(String key) {
    return KEYS.encodeKey(key);
  }

  @Override
  public ByteBuffer encodeValue(byte[] value) {
    return VALUES.encodeValue(value);
  }

  @Override
  public void encodeKey(String key, ByteBuf target) {
    if (key != null) {
      ByteBufUtil.writeUtf8(target, key);
    }
  }

  @Override
  public void encodeValue(byte[] value, ByteBuf target) {
    VALUES.encodeValue(value, target);
  }

  /** Exact: a key's UTF-8 length as {@link ByteBufUtil#writeUtf8} writes it, a value's length. */
  @Override
  public int estimateSize(Object keyOrValue) {
    if (keyOrValue instanceof String key) {
      return ByteBufUtil.utf8Bytes(key);
    }
    return VALUES.estimateSize(keyOrValue);
  }

  @Override
  public boolean isEstimateExact() {
    return true;
  }
}
