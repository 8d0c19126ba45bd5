package io.caskade;

import io.caskade.write.CacheWriter;

/**
 * {@link io.caskade.write.WriteMode#INVALIDATE}: write the source, then delete the key everywhere
 * — never set on write, so a racing reader's older value cannot win over the write.
 */
final class InvalidateOnWrite<K, V> extends SourceFirstWrites<K, V> {

  InvalidateOnWrite(CacheContext<K, V> ctx, CacheWriter<K, V> writer,
      Invalidations<K, V> invalidations) {
    super(ctx, writer, invalidations);
  }

  @Override
  void apply(K key, V value) {
    writeSource(key, value);
    invalidations.key(key);
    if (value != null && ctx.bloom != null) {
      ctx.bloom.put(key);
    }
  }
}
