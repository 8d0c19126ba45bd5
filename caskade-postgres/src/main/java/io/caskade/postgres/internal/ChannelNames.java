package io.caskade.postgres.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The {@code LISTEN/NOTIFY} channel of a cache: {@code caskade_inv_<cache>} when the name is
 * lower-case letters, digits and underscores and fits PostgreSQL's 63-byte identifiers; otherwise
 * the name reduced to those characters, cut, and followed by 12 hex digits of its SHA-256, so two
 * caches never share a channel. Receivers also check the cache name in every message.
 */
public final class ChannelNames {

  /** PostgreSQL's longest identifier (NAMEDATALEN - 1). */
  public static final int MAX_BYTES = 63;

  private static final String PREFIX = "caskade_inv_";
  private static final int HASH_HEX = 12;

  private ChannelNames() {}

  /** The channel of {@code cache}; at most 63 bytes of {@code [a-z0-9_]}. */
  public static String of(String cache) {
    String plain = PREFIX + cache;
    if (plain.length() <= MAX_BYTES && plain.matches("[a-z0-9_]+")) {
      return plain;
    }
    String reduced = cache.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    int room = MAX_BYTES - PREFIX.length() - 1 - HASH_HEX;
    if (reduced.length() > room) {
      reduced = reduced.substring(0, room);
    }
    return PREFIX + reduced + "_" + hash(cache);
  }

  private static String hash(String cache) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(cache.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_HEX);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
