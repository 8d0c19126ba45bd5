package io.caskade.bus;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The partitions of a cache's key space that invalidation sequences are kept per: a partition is
 * the CRC32 of the encoded key modulo the count, the same on every instance and in every language.
 */
public final class Partitions {

  /** The default number of partitions. */
  public static final int DEFAULT_COUNT = 256;

  private Partitions() {}

  /** The partition of {@code encodedKey} among {@code count}. */
  public static int of(String encodedKey, int count) {
    CRC32 crc = new CRC32();
    crc.update(encodedKey.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % count);
  }
}
