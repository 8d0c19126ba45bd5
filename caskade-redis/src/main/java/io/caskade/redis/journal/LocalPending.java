package io.caskade.redis.journal;

import io.caskade.write.PendingWrite;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's own journaled changes not yet acknowledged, newest per key: read-your-writes
 * for {@code pending(key)}. A change applied by another instance (after claiming it) is dropped
 * from here once it is older than {@code forgetAfterMillis}.
 */
final class LocalPending<K, V> {

  private final ConcurrentHashMap<K, PendingWrite<K, V>> byKey = new ConcurrentHashMap<>();
  private final long forgetAfterMillis;

  LocalPending(long forgetAfterMillis) {
    this.forgetAfterMillis = forgetAfterMillis;
  }

  void added(PendingWrite<K, V> w) {
    byKey.merge(w.key(), w, (a, b) -> b.seq() > a.seq() ? b : a);
  }

  void acknowledged(List<PendingWrite<K, V>> done) {
    for (PendingWrite<K, V> w : done) {
      byKey.computeIfPresent(w.key(), (k, mine) -> mine.seq() <= w.seq() ? null : mine);
    }
  }

  Optional<Optional<V>> get(K key) {
    PendingWrite<K, V> w = byKey.get(key);
    if (w == null) {
      return Optional.empty();
    }
    if (System.currentTimeMillis() - w.enqueuedAtMillis() > forgetAfterMillis) {
      byKey.remove(key, w);
      return Optional.empty();
    }
    return Optional.of(w.asOptional());
  }
}
