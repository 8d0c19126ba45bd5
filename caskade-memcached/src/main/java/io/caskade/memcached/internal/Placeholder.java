package io.caskade.memcached.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A lease held in the value's own key: the lease holder's token, the wall-clock instant after
 * which another instance may take it over, and the entry the key held when the lease was taken
 * (served to readers while the holder loads; absent for a key that held nothing).
 *
 * <pre>
 *  0  2  magic 0xCA 0x1E (an envelope starts 0xCA 0x5D)
 *  2  1  version (1)
 *  3  1  token length n
 *  4  n  token (ASCII)
 *     8  takeover deadline (epoch millis)
 *     *  the embedded envelope, to the end
 * </pre>
 *
 * @param token the holder's token
 * @param deadlineMillis when the lease may be taken over
 * @param embedded the entry's envelope bytes kept for readers, or null
 */
public record Placeholder(String token, long deadlineMillis, byte[] embedded) {

  private static final byte MAGIC_0 = (byte) 0xCA;
  private static final byte MAGIC_1 = (byte) 0x1E;
  private static final byte VERSION = 1;

  /** True when {@code bytes} are a placeholder (not an entry). */
  public static boolean is(byte[] bytes) {
    return bytes != null && bytes.length >= 4 && bytes[0] == MAGIC_0 && bytes[1] == MAGIC_1;
  }

  /** The placeholder in {@code bytes}, or null when they are not a well-formed one. */
  public static Placeholder decode(byte[] bytes) {
    if (!is(bytes) || bytes[2] != VERSION) {
      return null;
    }
    int n = Byte.toUnsignedInt(bytes[3]);
    if (bytes.length < 4 + n + 8) {
      return null;
    }
    String token = new String(bytes, 4, n, StandardCharsets.US_ASCII);
    long deadline = ByteBuffer.wrap(bytes, 4 + n, 8).getLong();
    int at = 4 + n + 8;
    byte[] embedded = at == bytes.length ? null : Arrays.copyOfRange(bytes, at, bytes.length);
    return new Placeholder(token, deadline, embedded);
  }

  /** The bytes of this placeholder. */
  public byte[] encode() {
    byte[] t = token.getBytes(StandardCharsets.US_ASCII);
    if (t.length > 255) {
      throw new IllegalArgumentException("lease token longer than 255 bytes");
    }
    int extra = embedded == null ? 0 : embedded.length;
    ByteBuffer b = ByteBuffer.allocate(4 + t.length + 8 + extra);
    b.put(MAGIC_0).put(MAGIC_1).put(VERSION).put((byte) t.length).put(t).putLong(deadlineMillis);
    if (embedded != null) {
      b.put(embedded);
    }
    return b.array();
  }

  /** True when this placeholder is {@code token}'s. */
  public boolean isOf(String token) {
    return this.token.equals(token);
  }
}
