package io.caskade.codec;

/**
 * Turns a cache's values into bytes and back, for the payload of the L2 wire envelope.
 *
 * <p>A codec is bound to one declared value type: it never writes type names into the bytes and
 * never instantiates a type it read from them, so foreign bytes under a cache key cannot make the
 * reader build arbitrary objects. Implementations are thread-safe.
 *
 * @param <V> the value type
 */
public interface Codec<V> {

  /** The bytes of {@code value} (never null). */
  byte[] encode(V value);

  /**
   * The value encoded in {@code bytes}.
   *
   * @throws CodecException when the bytes are not a value of this codec's type
   */
  V decode(byte[] bytes);

  /**
   * The value encoded in {@code length} bytes of {@code bytes} from {@code offset} (the payload of
   * an envelope, decoded in place). The default copies the range and calls {@link #decode(byte[])};
   * codecs that can read a slice override it and save the copy. The value must not keep a reference
   * to {@code bytes}: a tier may decode from a buffer it reuses once this returns (caskade-redis
   * decodes from a per-thread scratch array on the client's I/O thread).
   *
   * @throws CodecException when the bytes are not a value of this codec's type
   */
  default V decode(byte[] bytes, int offset, int length) {
    return decode(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
  }
}
