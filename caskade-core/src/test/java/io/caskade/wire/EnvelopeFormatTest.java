package io.caskade.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caskade.entry.Entry;
import io.caskade.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeFormatTest {

  private final EnvelopeFormat<String> format = new EnvelopeFormat<>(StringCodec.utf8());

  @Test
  void roundTripsEveryFieldIncludingTags() throws Exception {
    Entry<String> e = Entry.of("value", 100, 200, 300, 400, 7, 99,
        Map.of("tenant:1", 3L, "täg", 0L));
    Entry<String> back = format.decode(format.encode(e));
    assertThat(back).isEqualTo(e);
    assertThat(back.tagVersions()).containsEntry("tenant:1", 3L).containsEntry("täg", 0L);
  }

  @Test
  void roundTripsNotFound() throws Exception {
    Entry<String> e = Entry.of(null, 100, 200, 200, 200, 0, 1, Map.of());
    Entry<String> back = format.decode(format.encode(e));
    assertThat(back.isNotFound()).isTrue();
    assertThat(back).isEqualTo(e);
  }

  @Test
  void rejectsForeignAndDamagedBytes() {
    byte[] good = format.encode(Entry.of("v", 1, 2, 3, 4, 5, 6, Map.of("t", 1L)));
    assertCorrupt("plain text".getBytes(StandardCharsets.UTF_8));
    assertCorrupt(new byte[0]);
    assertCorrupt(Arrays.copyOf(good, good.length - 1));
    assertCorrupt(Arrays.copyOf(good, good.length + 1));
    byte[] version = good.clone();
    version[2] = 9;
    assertCorrupt(version);
    byte[] flags = good.clone();
    flags[3] = 4;
    assertCorrupt(flags);
    byte[] times = good.clone();
    times[4] = 0x7F; // loadedAt far after freshUntil
    assertCorrupt(times);
    byte[] tagCount = good.clone();
    tagCount[52] = 0x7F;
    assertCorrupt(tagCount);
    byte[] badUtf8 = format.encode(Entry.of("v", 1, 2, 3, 4, 5, 6, Map.of()));
    badUtf8[badUtf8.length - 1] = (byte) 0xC3;
    assertCorrupt(badUtf8);
  }

  @Test
  void decodesARangeInPlaceAndTheEntryOwnsNoneOfTheArray() throws Exception {
    Entry<String> e = Entry.of("välue", 1, 2, 3, 4, 5, 6, Map.of("t", 1L));
    byte[] envelope = format.encode(e);
    byte[] framed = new byte[envelope.length + 10];
    Arrays.fill(framed, (byte) 0x7F);
    System.arraycopy(envelope, 0, framed, 3, envelope.length);
    Entry<String> back = format.decode(framed, 3, envelope.length);
    Arrays.fill(framed, (byte) 0); // a reused buffer: the entry must not see it
    assertThat(back).isEqualTo(e);
    assertThat(back.value()).isEqualTo("välue");
  }

  @Test
  void aRangeThatMissesTheEnvelopeIsCorrupt() {
    byte[] envelope = format.encode(Entry.of("v", 1, 2, 3, 4, 5, 6, Map.of()));
    byte[] framed = new byte[envelope.length + 2];
    System.arraycopy(envelope, 0, framed, 1, envelope.length);
    assertThatThrownBy(() -> format.decode(framed, 0, envelope.length))
        .isInstanceOf(CorruptEnvelopeException.class);
    assertThatThrownBy(() -> format.decode(framed, 1, envelope.length - 1))
        .isInstanceOf(CorruptEnvelopeException.class);
    assertThatThrownBy(() -> format.decode(framed, 1, envelope.length + 1))
        .isInstanceOf(CorruptEnvelopeException.class);
    assertThatThrownBy(() -> format.decode(framed, 3, envelope.length))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  private void assertCorrupt(byte[] bytes) {
    assertThatThrownBy(() -> format.decode(bytes)).isInstanceOf(CorruptEnvelopeException.class);
  }
}
