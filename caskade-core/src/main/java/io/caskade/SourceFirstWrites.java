package io.caskade;

import io.caskade.write.CacheWriteException;
import io.caskade.write.CacheWriter;

/**
 * The write modes that change the source before the cache ({@link InvalidateOnWrite},
 * {@link WriteThrough}). A write the writer refuses invalidates the key and is thrown: whatever
 * the source now holds, the cache holds nothing older.
 */
abstract class SourceFirstWrites<K, V> extends KeyOrderedWrites<K, V> {

  final CacheContext<K, V> ctx;
  final Invalidations<K, V> invalidations;
  private final CacheWriter<K, V> writer;

  SourceFirstWrites(CacheContext<K, V> ctx, CacheWriter<K, V> writer,
      Invalidations<K, V> invalidations) {
    this.ctx = ctx;
    this.writer = writer;
    this.invalidations = invalidations;
  }

  /** Writes {@code value} to the source (deletes the key when null). */
  final void writeSource(K key, V value) {
    try {
      if (value == null) {
        writer.delete(key);
      } else {
        writer.write(key, value);
      }
    } catch (Exception e) {
      invalidations.key(key);
      throw new CacheWriteException(ctx.name, key, e);
    }
  }
}
