package io.caskade.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** {@code String} values as UTF-8; bytes that are not valid UTF-8 are rejected, not replaced. */
public final class StringCodec implements Codec<String> {

  private static final StringCodec INSTANCE = new StringCodec();

  private StringCodec() {}

  /** The shared instance. */
  public static StringCodec utf8() {
    return INSTANCE;
  }

  @Override
  public byte[] encode(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /**
   * ASCII (the common case) becomes a string with one copy; anything else goes through a strict
   * UTF-8 decoder, so malformed bytes are a {@link CodecException}, never replacement characters.
   */
  @Override
  public String decode(byte[] bytes, int offset, int length) {
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (bytes[i] < 0) {
        return strict(bytes, offset, length);
      }
    }
    return new String(bytes, offset, length, StandardCharsets.ISO_8859_1); // ASCII ⊂ Latin-1
  }

  private static String strict(byte[] bytes, int offset, int length) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CodecException("not UTF-8", e);
    }
  }
}
