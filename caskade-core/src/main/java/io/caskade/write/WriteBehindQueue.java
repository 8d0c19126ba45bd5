package io.caskade.write;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where {@link WriteMode#BEHIND} puts writes for a flusher to apply later. Implementations: the
 * bounded in-memory queue, and the durable Redis Streams journal in {@code caskade-redis}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface WriteBehindQueue<K, V> extends AutoCloseable {

  /**
   * Queues a write of {@code value} (or a delete when {@code value} is null). When this returns,
   * the write is accepted with the queue's guarantee (durable queues persist it first).
   *
   * @throws CacheWriteException when the queue refuses it (full, closed, journal unreachable)
   */
  void enqueue(K key, V value);

  /**
   * The latest queued, not yet flushed change of {@code key}: empty when none is pending; a
   * present {@code Optional} of an empty {@code Optional} for a pending delete. Reads use it so
   * an instance always reads its own writes.
   */
  Optional<Optional<V>> pending(K key);

  /**
   * Starts flushing through {@code writer}, telling {@code refused} the key of every change the
   * source refused for good (dead-lettered), so the cache can drop a value the source never took.
   * Called once by the cache that owns the queue.
   */
  void start(CacheWriter<K, V> writer, Consumer<? super K> refused);

  /** Starts flushing through {@code writer}, for a queue used without a cache. */
  default void start(CacheWriter<K, V> writer) {
    start(writer, key -> { });
  }

  /** Flushes what is queued, waiting up to the queue's close deadline, then stops. */
  @Override
  void close();
}
