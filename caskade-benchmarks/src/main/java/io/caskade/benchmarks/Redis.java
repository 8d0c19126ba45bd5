package io.caskade.benchmarks;

import io.caskade.redis.RedisConfig;

/** Where the Redis of the L2 benchmarks is: {@code REDIS_URL}, else 127.0.0.1:6379. */
final class Redis {

  private Redis() {}

  static String url() {
    String url = System.getenv("REDIS_URL");
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
  }

  static RedisConfig config() {
    return RedisConfig.parse(url());
  }

  /** A printable value of exactly {@code bytes} UTF-8 bytes, different per {@code seed}. */
  static String value(int bytes, long seed) {
    StringBuilder sb = new StringBuilder(bytes);
    java.util.Random random = new java.util.Random(seed);
    while (sb.length() < bytes) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }
}
