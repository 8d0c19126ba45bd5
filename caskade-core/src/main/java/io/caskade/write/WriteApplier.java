package io.caskade.write;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands a batch of coalesced changes (one per key) to the writer: in one call with sequences when
 * it is a {@link SequencedWriter}, else as {@code writeAll} then {@code deleteAll}.
 */
final class WriteApplier<K, V> {

  private final CacheWriter<K, V> writer;

  WriteApplier(CacheWriter<K, V> writer) {
    this.writer = writer;
  }

  void apply(List<PendingWrite<K, V>> changes) throws Exception {
    if (writer instanceof SequencedWriter) {
      ((SequencedWriter<K, V>) writer).apply(changes);
      return;
    }
    Map<K, V> writes = new LinkedHashMap<>();
    List<K> deletes = new ArrayList<>();
    for (PendingWrite<K, V> c : changes) {
      if (c.isDelete()) {
        deletes.add(c.key());
      } else {
        writes.put(c.key(), c.value());
      }
    }
    if (!writes.isEmpty()) {
      writer.writeAll(writes);
    }
    if (!deletes.isEmpty()) {
      writer.deleteAll(deletes);
    }
  }
}
