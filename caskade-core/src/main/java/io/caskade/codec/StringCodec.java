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
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CodecException("not UTF-8", e);
    }
  }
}
