package io.caskade.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** {@code String} values as UTF-8; bytes that are not valid UTF-8 are rejected, not replaced. */
public final class StringCodec implements Codec<String> {

  private static final StringCodec INSTANCE = new StringCodec();
  private static final char REPLACEMENT = '\uFFFD';

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
   * Strict UTF-8 at the JDK's speed: the JDK's own decoding (vectorised for ASCII, the common
   * case) replaces every malformed sequence with U+FFFD, so a result without U+FFFD is the strict
   * result; one with it (malformed bytes, or a genuine U+FFFD) goes through a strict decoder, so
   * malformed bytes are a {@link CodecException}, never replacement characters.
   */
  @Override
  public String decode(byte[] bytes, int offset, int length) {
    String lenient = new String(bytes, offset, length, StandardCharsets.UTF_8);
    if (lenient.indexOf(REPLACEMENT) < 0) {
      return lenient;
    }
    return strict(bytes, offset, length);
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
