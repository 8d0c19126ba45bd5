package io.caskade.snapshot;

import java.util.List;

/**
 * Where a cache keeps the list of its hottest keys between runs, so that a restarted instance can
 * warm exactly what the old one served most ({@code WarmUp.of(cache).runSnapshot(store)} in {@code io.caskade.warmup}).
 *
 * <p>One store holds one cache's snapshot; instances of a fleet that share a store overwrite one
 * another's snapshot (the last one wins), which is what a warm-up wants: a recent hot set.
 * Implementations are thread-safe. The Redis one is {@code io.caskade.redis.snapshot
 * .RedisHotKeySnapshots}; {@link #inMemory()} is for tests and single-process use.
 *
 * @param <K> key type
 */
public interface HotKeySnapshots<K> extends AutoCloseable {

  /**
   * Replaces the stored snapshot with {@code keys}, hottest first.
   *
   * @throws RuntimeException when the store cannot be reached (the caller counts and logs it)
   */
  void store(List<? extends K> keys);

  /**
   * The stored snapshot, hottest first; empty when none was stored.
   *
   * @throws RuntimeException when the store cannot be reached
   */
  List<K> load();

  /** Releases what the store holds (connections); the cache that uses it calls this on close. */
  @Override
  default void close() {
  }

  /** A store in this process's memory (survives a cache, not the JVM). */
  static <K> HotKeySnapshots<K> inMemory() {
    return new InMemoryHotKeySnapshots<>();
  }
}
