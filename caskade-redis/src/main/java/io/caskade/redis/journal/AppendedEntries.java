package io.caskade.redis.journal;

import io.caskade.write.PendingWrite;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entries this instance appended that may still wait in the stream, each with the epoch it
 * was appended in: what Redis lost when it restarts empty is what is still here from an older
 * epoch. An entry leaves when this instance's flusher acknowledges it, or when the stream shows
 * it gone (its id is below the stream's oldest entry: another instance acknowledged it). At most
 * {@code limit} entries are kept; beyond it appends are only counted, per epoch.
 */
final class AppendedEntries<K, V> {

  /** One appended entry. */
  record Entry<K, V>(PendingWrite<K, V> write, String epoch) {}

  private final ConcurrentSkipListMap<Long, Entry<K, V>> bySeq = new ConcurrentSkipListMap<>();
  private final Map<String, AtomicLong> untracked = new ConcurrentHashMap<>();
  private final AtomicLong size = new AtomicLong();
  private final int limit;

  AppendedEntries(int limit) {
    this.limit = limit;
  }

  void added(PendingWrite<K, V> w, String epoch) {
    if (size.incrementAndGet() > limit) {
      size.decrementAndGet();
      untracked.computeIfAbsent(epoch, e -> new AtomicLong()).incrementAndGet();
      return;
    }
    if (bySeq.put(idSeq(w.receipt()), new Entry<>(w, epoch)) != null) {
      size.decrementAndGet();
    }
  }

  /** Forgets entries acknowledged by their stream ids. */
  void acknowledged(Collection<String> ids) {
    for (String id : ids) {
      if (id != null && bySeq.remove(idSeq(id)) != null) {
        size.decrementAndGet();
      }
    }
  }

  /**
   * Forgets the entries of {@code epochs} below {@code boundId} ({@code inclusive}: up to it):
   * they are no longer in the stream, so they were acknowledged.
   */
  void goneBelow(Set<String> epochs, String boundId, boolean inclusive) {
    long bound = idSeq(boundId);
    Map<Long, Entry<K, V>> below = bySeq.headMap(bound, inclusive);
    for (Iterator<Entry<K, V>> it = below.values().iterator(); it.hasNext(); ) {
      Entry<K, V> e = it.next();
      if (epochs.contains(e.epoch())) {
        it.remove();
        size.decrementAndGet();
      }
    }
  }

  /**
   * Removes and returns the entries of {@code epochs} except those in {@code keep} (stream ids),
   * oldest first.
   */
  List<PendingWrite<K, V>> takeEpochs(Set<String> epochs, Set<String> keep) {
    List<PendingWrite<K, V>> out = new ArrayList<>();
    for (Iterator<Entry<K, V>> it = bySeq.values().iterator(); it.hasNext(); ) {
      Entry<K, V> e = it.next();
      if (epochs.contains(e.epoch())) {
        it.remove();
        size.decrementAndGet();
        if (!keep.contains(e.write().receipt())) {
          out.add(e.write());
        }
      }
    }
    return out;
  }

  /** Removes and returns how many appends of {@code epochs} were counted but not kept. */
  long takeUntracked(Set<String> epochs) {
    long n = 0;
    for (String epoch : epochs) {
      AtomicLong c = untracked.remove(epoch);
      n += c == null ? 0 : c.get();
    }
    return n;
  }

  /** Appends of {@code epoch} counted but not kept. */
  long untracked(String epoch) {
    AtomicLong c = untracked.get(epoch);
    return c == null ? 0 : c.get();
  }

  /** {@code n} counted appends of {@code epoch} are known acknowledged. */
  void untrackedGone(String epoch, long n) {
    AtomicLong c = untracked.get(epoch);
    if (c != null && n > 0) {
      c.addAndGet(-Math.min(n, c.get()));
    }
  }

  /** Whether an entry of one of {@code epochs} is kept (or was counted). */
  boolean anyOf(Set<String> epochs) {
    for (String epoch : epochs) {
      if (untracked.containsKey(epoch)) {
        return true;
      }
    }
    for (Entry<K, V> e : bySeq.values()) {
      if (epochs.contains(e.epoch())) {
        return true;
      }
    }
    return false;
  }

  int size() {
    return (int) size.get();
  }

  static long idSeq(String streamId) {
    return JournalFormat.sequenceOf(streamId);
  }
}
