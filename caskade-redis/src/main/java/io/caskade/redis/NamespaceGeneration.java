package io.caskade.redis;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;

/**
 * This instance's view of the cache's namespace generation in Redis ({@code INCR} counter).
 * Learnt from the bus when another instance bumps it, and re-read at least every
 * {@code maxAgeNanos} so a lost bus message costs bounded staleness. Unknown until first read.
 */
final class NamespaceGeneration {

  private final String key;
  private final long maxAgeNanos;
  private volatile long generation = -1;
  private volatile long readAt;

  NamespaceGeneration(String key, long maxAgeNanos) {
    this.key = key;
    this.maxAgeNanos = maxAgeNanos;
  }

  /** The generation, re-read from Redis when unknown or older than the bound. */
  long current(RedisClusterCommands<String, byte[]> redis) {
    long g = generation;
    if (g < 0 || System.nanoTime() - readAt > maxAgeNanos) {
      g = read(redis);
    }
    return g;
  }

  /** The generation last read or learnt, without asking Redis; -1 while unknown. */
  long known() {
    return generation;
  }

  /** Increments the generation in Redis and adopts the new value. */
  long bump(RedisClusterCommands<String, byte[]> redis) {
    long g = redis.incr(key);
    adopt(g);
    return g;
  }

  /** A generation announced on the bus. */
  void learn(long announced) {
    if (announced > generation) {
      adopt(announced);
    }
  }

  /** Forces a re-read on next use (after the bus may have missed a bump). */
  void markStale() {
    readAt = System.nanoTime() - maxAgeNanos - 1;
  }

  private long read(RedisClusterCommands<String, byte[]> redis) {
    byte[] raw = redis.get(key);
    long g = raw == null ? 0 : Long.parseLong(new String(raw, StandardCharsets.US_ASCII));
    adopt(g);
    return g;
  }

  private synchronized void adopt(long g) {
    generation = g;
    readAt = System.nanoTime();
  }
}
