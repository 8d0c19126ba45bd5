package io.caskade.jcache.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The keys one instance knows of a cache, with each entry's expiry instant, for what the Caskade
 * API cannot do (iteration, {@code removeAll()}). Keys whose entries expired more than
 * {@code sweepAfterMillis} ago are swept once the index has doubled since the last sweep, so an
 * index of a cache with expiring entries does not grow without bound.
 */
final class KeyIndex {

  private static final int MIN_SWEEP_SIZE = 10_000;

  private final ConcurrentHashMap<Object, Long> expiries = new ConcurrentHashMap<>();
  private final long sweepAfterMillis;
  private final AtomicLong sweepAt = new AtomicLong(MIN_SWEEP_SIZE);

  KeyIndex(long sweepAfterMillis) {
    this.sweepAfterMillis = sweepAfterMillis;
  }

  void record(Object key, long expireAt) {
    expiries.put(key, expireAt);
    long threshold = sweepAt.get();
    if (expiries.size() > threshold && sweepAt.compareAndSet(threshold, Long.MAX_VALUE)) {
      sweep(System.currentTimeMillis());
      sweepAt.set(Math.max(MIN_SWEEP_SIZE, 2L * expiries.size()));
    }
  }

  void forget(Object key) {
    expiries.remove(key);
  }

  void clear() {
    expiries.clear();
  }

  int size() {
    return expiries.size();
  }

  List<Object> snapshot() {
    return new ArrayList<>(expiries.keySet());
  }

  /** Drops the keys whose entries expired more than the sweep delay before {@code now}. */
  void sweep(long now) {
    expiries.entrySet().removeIf(e -> e.getValue() < now - sweepAfterMillis);
  }
}
