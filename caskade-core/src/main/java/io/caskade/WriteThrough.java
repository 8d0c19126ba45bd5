package io.caskade;

import io.caskade.write.CacheWriter;

/**
 * {@link io.caskade.write.WriteMode#THROUGH}: write the source, then cache the new value in every
 * tier (a delete invalidates).
 */
final class WriteThrough<K, V> extends SourceFirstWrites<K, V> {

  private final WrittenEntries<K, V> written;

  WriteThrough(CacheContext<K, V> ctx, CacheWriter<K, V> writer,
      Invalidations<K, V> invalidations, WrittenEntries<K, V> written) {
    super(ctx, writer, invalidations);
    this.written = written;
  }

  @Override
  void apply(K key, V value) {
    writeSource(key, value);
    if (value != null) {
      written.written(key, value);
    } else {
      invalidations.key(key);
    }
  }
}
