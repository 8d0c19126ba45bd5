package io.caskade;

import io.caskade.write.WriteMode;

/**
 * How {@code Cache.write} and {@code Cache.delete} change the source and keep the cache with it:
 * one class per {@link WriteMode} ({@link InvalidateOnWrite}, {@link WriteThrough},
 * {@link WriteBehindWrites}), or {@link #none} without a writer.
 */
interface WritePath<K, V> {

  /** Writes {@code value}, or deletes the key when {@code value} is null. */
  void change(K key, V value);

  /** The write path {@code spec} asks for. */
  static <K, V> WritePath<K, V> of(CacheSpec<K, V> spec, CacheContext<K, V> ctx,
      Invalidations<K, V> invalidations, WrittenEntries<K, V> written) {
    if (spec.writer() == null) {
      return none(spec.name());
    }
    return switch (spec.writeMode()) {
      case INVALIDATE -> new InvalidateOnWrite<>(ctx, spec.writer(), invalidations);
      case THROUGH -> new WriteThrough<>(ctx, spec.writer(), invalidations, written);
      case BEHIND -> new WriteBehindWrites<>(spec.writeBehindQueue(), written);
    };
  }

  /** Refuses every change: the cache was built without a writer. */
  static <K, V> WritePath<K, V> none(String cache) {
    return (key, value) -> {
      throw new IllegalStateException("cache '" + cache + "' has no writer: build it with "
          + ".writer(...) to use write and delete");
    };
  }
}
