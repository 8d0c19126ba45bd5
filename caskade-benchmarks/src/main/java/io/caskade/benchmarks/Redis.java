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

  /** Deletes every key matching {@code pattern} (a benchmark's own prefix; SCAN, not KEYS). */
  static void deleteMatching(io.lettuce.core.api.sync.RedisCommands<String, String> redis,
      String pattern) {
    io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
    do {
      io.lettuce.core.KeyScanCursor<String> page =
          redis.scan(cursor, io.lettuce.core.ScanArgs.Builder.matches(pattern).limit(1000));
      if (!page.getKeys().isEmpty()) {
        redis.del(page.getKeys().toArray(new String[0]));
      }
      cursor = page;
    } while (!cursor.isFinished());
  }

  /**
   * Waits until {@code present} holds: some peers write asynchronously (Spring Data Redis 4's
   * {@code RedisCache.put} and JetCache's remote {@code put} return before the SET is done).
   */
  static void await(String what, java.util.function.BooleanSupplier present) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (!present.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("setup: " + what + " never became readable");
      }
      Thread.onSpinWait();
    }
  }
}
