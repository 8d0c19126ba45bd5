package io.caskade.memcached.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The memcached keys of entries and counters. Memcached keys are at most 250 bytes with no
 * whitespace or control characters; a key that is longer or has any byte outside printable
 * ASCII becomes {@code caskade:#<SHA-1 of the whole key in hex>} (49 bytes). Readable keys start
 * with {@code caskade:e:} (entries: cache, generation, key) or {@code caskade:v:} (counters), so
 * a hashed key can never equal a readable one.
 */
public final class ItemKeys {

  /** Memcached's longest key. */
  public static final int MAX_KEY_BYTES = 250;

  private ItemKeys() {}

  /** The key of {@code encodedKey}'s entry in {@code cache} under namespace {@code generation}. */
  public static String entry(String cache, long generation, String encodedKey) {
    return safe("caskade:e:" + cache + ':' + generation + ':' + encodedKey);
  }

  /** The key of counter {@code name} (e.g. {@code users/gen}). */
  public static String counter(String name) {
    return safe("caskade:v:" + name);
  }

  /** {@code raw} if memcached accepts it as a key, else its hashed form. */
  static String safe(String raw) {
    if (raw.length() <= MAX_KEY_BYTES && printableAscii(raw)) {
      return raw;
    }
    return "caskade:#" + sha1(raw);
  }

  private static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
