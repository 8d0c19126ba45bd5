package io.caskade.redis.lease;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/** The SHA-1 of a script, as EVALSHA wants it; computed once per script. */
public final class Sha1 {

  private static final ConcurrentHashMap<String, String> CACHE = new ConcurrentHashMap<>();

  private Sha1() {}

  public static String hex(String script) {
    return CACHE.computeIfAbsent(script, s -> {
      try {
        return HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
