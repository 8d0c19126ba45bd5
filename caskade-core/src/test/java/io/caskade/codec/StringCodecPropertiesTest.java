package io.caskade.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link StringCodec} decodes exactly as a strict UTF-8 decoder does: the same string for
 * well-formed bytes, a {@link CodecException} for anything else — whatever path it takes.
 */
class StringCodecPropertiesTest {

  private final StringCodec codec = StringCodec.utf8();

  @Property(tries = 3_000)
  void anyBytesDecodeAsAStrictDecoderDoes(@ForAll("utf8ish") byte[] bytes,
      @ForAll @IntRange(max = 8) int before, @ForAll @IntRange(max = 8) int after) {
    byte[] framed = new byte[before + bytes.length + after];
    java.util.Arrays.fill(framed, (byte) 0xFF); // never valid UTF-8 around the range
    System.arraycopy(bytes, 0, framed, before, bytes.length);
    String expected = strict(bytes);
    if (expected == null) {
      assertThatThrownBy(() -> codec.decode(framed, before, bytes.length))
          .isInstanceOf(CodecException.class);
    } else {
      assertThat(codec.decode(framed, before, bytes.length)).isEqualTo(expected);
    }
  }

  @Property(tries = 1_000)
  void everyStringRoundTrips(@ForAll @Size(max = 300) String value) {
    byte[] bytes = codec.encode(value);
    assertThat(codec.decode(bytes)).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
  }

  @Example
  void aGenuineReplacementCharacterIsKeptAndMalformedBytesNextToItAreNot() {
    assertThat(codec.decode("a\uFFFDb".getBytes(StandardCharsets.UTF_8))).isEqualTo("a\uFFFDb");
    byte[] mixed = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD, (byte) 0xC3};
    assertThatThrownBy(() -> codec.decode(mixed)).isInstanceOf(CodecException.class);
    byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80}; // U+D800 encoded: not UTF-8
    assertThatThrownBy(() -> codec.decode(surrogate)).isInstanceOf(CodecException.class);
    byte[] overlong = {(byte) 0xC0, (byte) 0xAF};
    assertThatThrownBy(() -> codec.decode(overlong)).isInstanceOf(CodecException.class);
    assertThat(codec.decode("x".repeat(5_000).getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("x".repeat(5_000));
  }

  /** Bytes that are often UTF-8, sometimes damaged: pieces of encoded text and stray bytes. */
  @Provide
  Arbitrary<byte[]> utf8ish() {
    Arbitrary<byte[]> text = Arbitraries.strings().ofMaxLength(40)
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> stray = Arbitraries.bytes().array(byte[].class).ofMaxSize(4);
    return Arbitraries.oneOf(text, stray).list().ofMaxSize(6).map(parts -> {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      parts.forEach(out::writeBytes);
      return out.toByteArray();
    });
  }

  private static String strict(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
