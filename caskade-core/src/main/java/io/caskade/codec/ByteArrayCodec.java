package io.caskade.codec;

import java.util.Objects;

/** Raw {@code byte[]} values, stored as they are. */
public final class ByteArrayCodec implements Codec<byte[]> {

  private static final ByteArrayCodec INSTANCE = new ByteArrayCodec();

  private ByteArrayCodec() {}

  /** The shared instance. */
  public static ByteArrayCodec instance() {
    return INSTANCE;
  }

  @Override
  public byte[] encode(byte[] value) {
    return Objects.requireNonNull(value, "value");
  }

  @Override
  public byte[] decode(byte[] bytes) {
    return bytes;
  }
}
