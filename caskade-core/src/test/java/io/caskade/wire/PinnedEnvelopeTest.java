package io.caskade.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.entry.Entry;
import io.caskade.codec.StringCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Envelopes written by format version 1, saved as bytes: every later version of Caskade must
 * still read them exactly (a format change adds a version; it never breaks bytes already in a
 * fleet's Redis). Never regenerate these files: add new ones for a new version.
 */
class PinnedEnvelopeTest {

  private final EnvelopeFormat<String> format = new EnvelopeFormat<>(StringCodec.utf8());

  private static byte[] pinned(String name) throws IOException {
    try (InputStream in = PinnedEnvelopeTest.class.getResourceAsStream(name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void aValueWrittenByVersion1() throws Exception {
    Entry<String> e = format.decode(pinned("v1-string.bin"));
    assertThat(e).isEqualTo(Entry.of("héllo, wörld", 1_764_000_000_000_000_000L,
        1_764_000_300_000_000_000L, 1_764_000_330_000_000_000L, 1_764_001_800_000_000_000L,
        12_345_678L, 42L, Map.of()));
  }

  @Test
  void aNotFoundWrittenByVersion1() throws Exception {
    Entry<String> e = format.decode(pinned("v1-not-found.bin"));
    assertThat(e.isNotFound()).isTrue();
    assertThat(e).isEqualTo(Entry.of(null, 1_764_000_000_000_000_000L,
        1_764_000_030_000_000_000L, 1_764_000_030_000_000_000L, 1_764_000_030_000_000_000L,
        1_000L, 7L, Map.of()));
  }

  @Test
  void tagVersionsWrittenByVersion1() throws Exception {
    Entry<String> e = format.decode(pinned("v1-tags.bin"));
    assertThat(e.value()).isEqualTo("tagged");
    assertThat(e.tagVersions()).containsOnly(Map.entry("tenant:7", 1_764_000_000_123_456L),
        Map.entry("plan", 0L));
  }

  @Test
  void version1StillEncodesToTheSameBytes() throws Exception {
    // While VERSION is 1, what we write is byte for byte what we pinned.
    byte[] bytes = pinned("v1-string.bin");
    if (EnvelopeFormat.VERSION == 1) {
      assertThat(format.encode(format.decode(bytes))).isEqualTo(bytes);
    }
  }
}
