package io.caskade.write;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flusher's working set: one entry per key, holding the newest change taken for it (older
 * ones are kept only to be acknowledged with it), its attempts and when it may be tried again.
 * Only the flusher thread uses it.
 */
final class HeldWrites<K, V> {

  /** One key's change as the flusher holds it. */
  static final class Held<K, V> {
    PendingWrite<K, V> winner;
    final List<PendingWrite<K, V>> superseded = new ArrayList<>(0);
    long firstEnqueuedAt;
    int attempts;
    long notBefore;
    /** Failed in a batch with others: retried on its own so one bad change can't sink a batch. */
    boolean alone;

    Held(PendingWrite<K, V> w) {
      this.winner = w;
      this.firstEnqueuedAt = w.enqueuedAtMillis();
    }

    List<PendingWrite<K, V>> all() {
      List<PendingWrite<K, V>> all = new ArrayList<>(superseded.size() + 1);
      all.addAll(superseded);
      all.add(winner);
      return all;
    }
  }

  private final Map<K, Held<K, V>> byKey = new LinkedHashMap<>();

  int size() {
    return byKey.size();
  }

  boolean isEmpty() {
    return byKey.isEmpty();
  }

  /**
   * Adds changes; a newer change of a held key replaces it (and starts its attempts afresh), an
   * older or equal one is only kept for acknowledgement. Returns how many were coalesced.
   */
  int merge(List<PendingWrite<K, V>> fresh) {
    int coalesced = 0;
    for (PendingWrite<K, V> w : fresh) {
      Held<K, V> h = byKey.get(w.key());
      if (h == null) {
        byKey.put(w.key(), new Held<>(w));
        continue;
      }
      coalesced++;
      h.firstEnqueuedAt = Math.min(h.firstEnqueuedAt, w.enqueuedAtMillis());
      if (w.seq() > h.winner.seq()) {
        h.superseded.add(h.winner);
        h.winner = w;
        h.attempts = 0;
        h.notBefore = 0;
        h.alone = false;
      } else {
        h.superseded.add(w);
      }
    }
    return coalesced;
  }

  /**
   * The next batch to write, or empty: a change retried on its own if one is ready, else up to
   * {@code batchSize} ready changes once there are that many, the oldest has waited
   * {@code maxDelayMillis}, or the flusher is draining.
   */
  List<Held<K, V>> due(long now, int batchSize, long maxDelayMillis, boolean draining) {
    List<Held<K, V>> ready = new ArrayList<>();
    long oldest = Long.MAX_VALUE;
    for (Held<K, V> h : byKey.values()) {
      if (h.notBefore > now) {
        continue;
      }
      if (h.alone) {
        return List.of(h);
      }
      if (ready.size() < batchSize) {
        ready.add(h);
        oldest = Math.min(oldest, h.firstEnqueuedAt);
      }
    }
    if (ready.isEmpty()) {
      return ready;
    }
    boolean full = ready.size() >= batchSize;
    boolean waitedEnough = oldest + maxDelayMillis <= now;
    return full || waitedEnough || draining ? ready : List.of();
  }

  /** When something may next become due (epoch ms); Long.MAX_VALUE when nothing is held. */
  long nextDue(long maxDelayMillis) {
    long next = Long.MAX_VALUE;
    for (Held<K, V> h : byKey.values()) {
      long at = Math.max(h.notBefore, h.firstEnqueuedAt + maxDelayMillis);
      next = Math.min(next, at);
    }
    return next;
  }

  void remove(Held<K, V> h) {
    byKey.remove(h.winner.key(), h);
  }

  /** Everything held, for the abandoned count on close. */
  int drop() {
    int n = byKey.size();
    byKey.clear();
    return n;
  }
}
