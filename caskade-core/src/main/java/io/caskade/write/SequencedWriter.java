package io.caskade.write;

import java.util.List;

/**
 * A {@link CacheWriter} that can keep per-key order itself: it receives each change with its
 * sequence and must not let a change replace a row written by a newer one (for example an upsert
 * with {@code WHERE stored.seq < new.seq}). The write-behind flusher prefers this method when the
 * writer implements it; then a change applied late — a retry, or a journal entry delivered again
 * after a crash — is harmless.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface SequencedWriter<K, V> extends CacheWriter<K, V> {

  /**
   * Applies {@code changes} (at most one per key; writes and deletes) atomically: all or none.
   * A change older than what the source holds for its key is skipped, not an error.
   */
  void apply(List<PendingWrite<K, V>> changes) throws Exception;
}
