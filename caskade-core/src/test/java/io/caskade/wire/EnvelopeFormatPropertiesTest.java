package io.caskade.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caskade.entry.Entry;
import io.caskade.codec.StringCodec;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The wire format as properties: every entry survives the round trip; every damaged byte is
 * caught; no byte string, however foreign, decodes into anything but an entry or a
 * {@link CorruptEnvelopeException} (corrupt L2 data is a miss, never a crash, never served).
 */
class EnvelopeFormatPropertiesTest {

  private final EnvelopeFormat<String> format = new EnvelopeFormat<>(StringCodec.utf8());

  @Property(tries = 500)
  void everyEntryRoundTrips(@ForAll("entries") Entry<String> entry) throws Exception {
    assertThat(format.decode(format.encode(entry))).isEqualTo(entry);
  }

  @Property(tries = 500)
  void everyEntryRoundTripsFromARangeOfALargerArray(@ForAll("entries") Entry<String> entry,
      @ForAll @Size(max = 40) byte[] before, @ForAll @Size(max = 40) byte[] after)
      throws Exception {
    byte[] envelope = format.encode(entry);
    byte[] framed = new byte[before.length + envelope.length + after.length];
    System.arraycopy(before, 0, framed, 0, before.length);
    System.arraycopy(envelope, 0, framed, before.length, envelope.length);
    System.arraycopy(after, 0, framed, before.length + envelope.length, after.length);
    assertThat(format.decode(framed, before.length, envelope.length)).isEqualTo(entry);
  }

  @Property(tries = 500)
  void aDamagedByteInsideTheRangeIsCaught(@ForAll("entries") Entry<String> entry,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where,
      @ForAll @IntRange(min = 1, max = 255) int flip, @ForAll @IntRange(max = 16) int offset) {
    byte[] envelope = format.encode(entry);
    byte[] framed = new byte[offset + envelope.length + 7];
    System.arraycopy(envelope, 0, framed, offset, envelope.length);
    framed[offset + where % envelope.length] ^= (byte) flip;
    assertThatThrownBy(() -> format.decode(framed, offset, envelope.length))
        .isInstanceOf(CorruptEnvelopeException.class);
  }

  @Property(tries = 1_000)
  void anyDamagedByteIsCaught(@ForAll("entries") Entry<String> entry,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where,
      @ForAll @IntRange(min = 1, max = 255) int flip) {
    byte[] bytes = format.encode(entry);
    int at = where % bytes.length;
    bytes[at] ^= (byte) flip;
    assertThatThrownBy(() -> format.decode(bytes)).isInstanceOf(CorruptEnvelopeException.class);
  }

  @Property(tries = 2_000)
  void foreignBytesAreCorruptNeverACrash(@ForAll @Size(max = 200) byte[] bytes) {
    try {
      format.decode(bytes);
    } catch (CorruptEnvelopeException expected) {
      // the only failure allowed
    }
  }

  @Property(tries = 500)
  void foreignBytesBehindAValidHeaderAreCorrupt(@ForAll @Size(max = 200) byte[] tail) {
    byte[] bytes = new byte[4 + tail.length];
    bytes[0] = EnvelopeFormat.MAGIC_0;
    bytes[1] = EnvelopeFormat.MAGIC_1;
    bytes[2] = EnvelopeFormat.VERSION;
    System.arraycopy(tail, 0, bytes, 4, tail.length);
    assertThatThrownBy(() -> format.decode(bytes)).isInstanceOf(CorruptEnvelopeException.class);
  }

  @Provide
  Arbitrary<Entry<String>> entries() {
    Arbitrary<String> values = Arbitraries.strings().ofMaxLength(300).injectNull(0.1);
    Arbitrary<Long> times = Arbitraries.longs().between(0, Long.MAX_VALUE / 4);
    Arbitrary<Long> spans = Arbitraries.longs().between(0, Long.MAX_VALUE / 8);
    Arbitrary<Map<String, Long>> tags = Arbitraries.maps(
        Arbitraries.strings().ofMinLength(1).ofMaxLength(20), Arbitraries.longs().greaterOrEqual(0))
        .ofMaxSize(4);
    return Combinators.combine(values, times, spans, spans, spans, spans, tags)
        .as((value, loadedAt, fresh, swr, sie, cost, tagVersions) -> Entry.of(value, loadedAt,
            loadedAt + fresh, loadedAt + fresh + swr, loadedAt + fresh + sie, cost, loadedAt,
            tagVersions));
  }
}
