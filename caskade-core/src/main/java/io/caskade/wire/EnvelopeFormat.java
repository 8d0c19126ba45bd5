package io.caskade.wire;

import io.caskade.entry.Entry;
import io.caskade.codec.Codec;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The bytes of an {@link Entry} in Redis: a small binary header, then the codec's payload.
 *
 * <pre>
 *  offset  size  field
 *  0       2     magic 0xCA 0x5D
 *  2       1     format version (1)
 *  3       1     flags (bit 0: not found)
 *  4       8     loadedAt        (CacheClock epoch nanos, big-endian)
 *  12      8     freshUntil
 *  20      8     staleUntil
 *  28      8     errorUntil
 *  36      8     loadCostNanos
 *  44      8     version
 *  52      2     tag count n
 *          n x   (2 name length, name UTF-8, 8 tag version)
 *          4     payload length m (0 when not found)
 *          m     payload (the codec's bytes)
 *          4     CRC32C of every byte before it
 * </pre>
 *
 * Anything else — another magic, an unknown version, a checksum that does not match (any change
 * of up to 32 consecutive bits is caught), a length that overruns or leaves bytes over, fields
 * that make no envelope, a payload the codec rejects — is a {@link CorruptEnvelopeException},
 * never a half-read entry. Thread-safe.
 *
 * @param <V> the value type
 */
public final class EnvelopeFormat<V> {

  /** The first two bytes of every envelope. */
  public static final byte MAGIC_0 = (byte) 0xCA;
  /** The second magic byte. */
  public static final byte MAGIC_1 = (byte) 0x5D;
  /** The format version this class writes and reads. */
  public static final byte VERSION = 1;

  private static final int FIXED_HEADER = 2 + 1 + 1 + 6 * 8 + 2;
  private static final int CHECKSUM = 4;
  private static final byte FLAG_NOT_FOUND = 1;

  private final Codec<V> codec;

  /** A format whose payload is written and read by {@code codec}. */
  public EnvelopeFormat(Codec<V> codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /** The envelope's bytes. */
  public byte[] encode(Entry<V> entry) {
    byte[] payload = entry.isNotFound() ? new byte[0] : codec.encode(entry.value());
    Map<String, Long> tags = entry.tagVersions();
    if (tags.size() > 0xFFFF) {
      throw new IllegalArgumentException("an entry may carry at most 65535 tags: " + tags.size());
    }
    byte[][] names = new byte[tags.size()][];
    long[] versions = new long[tags.size()];
    int size = FIXED_HEADER + 4 + payload.length + CHECKSUM;
    int i = 0;
    for (Map.Entry<String, Long> tag : tags.entrySet()) {
      names[i] = tag.getKey().getBytes(StandardCharsets.UTF_8);
      if (names[i].length > 0xFFFF) {
        throw new IllegalArgumentException("tag name longer than 65535 bytes");
      }
      versions[i] = tag.getValue();
      size += 2 + names[i].length + 8;
      i++;
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put(MAGIC_0).put(MAGIC_1).put(VERSION).put(entry.isNotFound() ? FLAG_NOT_FOUND : 0);
    buf.putLong(entry.loadedAt()).putLong(entry.freshUntil()).putLong(entry.staleUntil())
        .putLong(entry.errorUntil()).putLong(entry.loadCostNanos()).putLong(entry.version());
    buf.putShort((short) names.length);
    for (int t = 0; t < names.length; t++) {
      buf.putShort((short) names[t].length).put(names[t]).putLong(versions[t]);
    }
    buf.putInt(payload.length).put(payload);
    buf.putInt(checksum(buf.array(), 0, size - CHECKSUM));
    return buf.array();
  }

  /** The entry in {@code bytes}. */
  public Entry<V> decode(byte[] bytes) throws CorruptEnvelopeException {
    if (bytes == null) {
      throw new CorruptEnvelopeException("too short for an envelope: null");
    }
    return decode(bytes, 0, bytes.length);
  }

  /**
   * The entry in the {@code length} bytes of {@code bytes} from {@code offset}, decoded in place
   * (the payload through {@link Codec#decode(byte[], int, int)}). The entry keeps no reference to
   * {@code bytes}: a caller may reuse the array once this returns.
   */
  public Entry<V> decode(byte[] bytes, int offset, int length) throws CorruptEnvelopeException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length < FIXED_HEADER + 4 + CHECKSUM) {
      throw new CorruptEnvelopeException("too short for an envelope: " + length + " bytes");
    }
    if (bytes[offset] != MAGIC_0 || bytes[offset + 1] != MAGIC_1) {
      throw new CorruptEnvelopeException("not a caskade envelope (bad magic)");
    }
    int body = length - CHECKSUM;
    if (checksum(bytes, offset, body) != ByteBuffer.wrap(bytes, offset + body, CHECKSUM).getInt()) {
      throw new CorruptEnvelopeException("checksum mismatch: the bytes were damaged");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes, offset, body);
    buf.position(offset + 2);
    byte version = buf.get();
    if (version != VERSION) {
      throw new CorruptEnvelopeException("unknown envelope format version " + version);
    }
    byte flags = buf.get();
    if ((flags & ~FLAG_NOT_FOUND) != 0) {
      throw new CorruptEnvelopeException("unknown flags " + flags);
    }
    try {
      long loadedAt = buf.getLong();
      long freshUntil = buf.getLong();
      long staleUntil = buf.getLong();
      long errorUntil = buf.getLong();
      long loadCost = buf.getLong();
      long entryVersion = buf.getLong();
      int tagCount = Short.toUnsignedInt(buf.getShort());
      Map<String, Long> tags = tagCount == 0 ? Map.of() : new HashMap<>(tagCount * 2);
      for (int t = 0; t < tagCount; t++) {
        byte[] name = new byte[Short.toUnsignedInt(buf.getShort())];
        buf.get(name);
        tags.put(utf8(name), buf.getLong());
      }
      int payloadLength = buf.getInt();
      if (payloadLength < 0 || payloadLength != buf.remaining()) {
        throw new CorruptEnvelopeException("payload length " + payloadLength + " but "
            + buf.remaining() + " bytes left");
      }
      boolean notFound = (flags & FLAG_NOT_FOUND) != 0;
      if (notFound && payloadLength != 0) {
        throw new CorruptEnvelopeException("a not-found envelope with a payload");
      }
      V value = null;
      if (!notFound) {
        value = codec.decode(bytes, buf.position(), payloadLength); // in place: no copy
        if (value == null) {
          throw new CorruptEnvelopeException("the codec decoded null");
        }
      }
      return Entry.of(value, loadedAt, freshUntil, staleUntil, errorUntil, loadCost, entryVersion,
          tags);
    } catch (BufferUnderflowException e) {
      throw new CorruptEnvelopeException("truncated envelope", e);
    } catch (RuntimeException e) {
      throw new CorruptEnvelopeException("undecodable envelope: " + e.getMessage(), e);
    }
  }

  private static int checksum(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  private static String utf8(byte[] bytes) throws CorruptEnvelopeException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new CorruptEnvelopeException("tag name is not UTF-8", e);
    }
  }
}
