package io.caskade;

import io.caskade.write.WriteBehindQueue;

/**
 * {@link io.caskade.write.WriteMode#BEHIND}: queue the change (the queue throws when it refuses
 * it, and the cache then stays as it was), then cache the new value in every tier; the queue's
 * flusher writes the source later.
 */
final class WriteBehindWrites<K, V> extends KeyOrderedWrites<K, V> {

  private final WriteBehindQueue<K, V> queue;
  private final WrittenEntries<K, V> written;

  WriteBehindWrites(WriteBehindQueue<K, V> queue, WrittenEntries<K, V> written) {
    this.queue = queue;
    this.written = written;
  }

  @Override
  void apply(K key, V value) {
    queue.enqueue(key, value);
    written.written(key, value);
  }
}
