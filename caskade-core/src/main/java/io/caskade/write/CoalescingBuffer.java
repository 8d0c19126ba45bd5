package io.caskade.write;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory queue's storage: at most one change per key waiting (a newer change of a waiting
 * key replaces it in place), bounded by distinct keys; plus the changes handed to the flusher and
 * not yet acknowledged, so {@link #pending} sees a write until it is in the source. A key the
 * flusher holds may always be queued again (at most twice a batch of keys beyond the capacity).
 */
final class CoalescingBuffer<K, V> implements WriteLog<K, V> {

  private final int capacity;
  private final DeadLetterList<K, V> deadLetters;
  private final WriteSequence sequences;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final LinkedHashMap<K, PendingWrite<K, V>> waiting = new LinkedHashMap<>();
  private final Map<K, PendingWrite<K, V>> taken = new HashMap<>();
  private boolean closed;
  private long enqueued;
  private long coalesced;

  CoalescingBuffer(int capacity, DeadLetterList<K, V> deadLetters, WriteSequence sequences) {
    this.capacity = capacity;
    this.sequences = sequences;
    this.deadLetters = deadLetters;
  }

  /**
   * Queues a change of {@code key} with a new sequence, waiting up to {@code waitNanos} for room;
   * null when there was none.
   *
   * @throws IllegalStateException when closed
   */
  PendingWrite<K, V> offer(K key, V value, long waitNanos) throws InterruptedException {
    lock.lock();
    try {
      long remaining = waitNanos;
      while (true) {
        if (closed) {
          throw new IllegalStateException("closed");
        }
        if (waiting.size() < capacity || waiting.containsKey(key) || taken.containsKey(key)) {
          PendingWrite<K, V> w = new PendingWrite<>(key, value, sequences.next(),
              System.currentTimeMillis(), null);
          put(w);
          enqueued++;
          return w;
        }
        if (remaining <= 0) {
          return null;
        }
        remaining = notFull.awaitNanos(remaining);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Queues an existing change again (a re-driven dead letter), keeping its sequence. */
  void requeue(PendingWrite<K, V> w) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      put(new PendingWrite<>(w.key(), w.value(), w.seq(), System.currentTimeMillis(), null));
    } finally {
      lock.unlock();
    }
  }

  private void put(PendingWrite<K, V> w) {
    PendingWrite<K, V> old = waiting.get(w.key());
    if (old == null) {
      waiting.put(w.key(), w);
      notEmpty.signal();
      return;
    }
    coalesced++;
    if (w.seq() > old.seq()) {
      waiting.put(w.key(), w.enqueuedAt(Math.min(old.enqueuedAtMillis(), w.enqueuedAtMillis())));
    }
  }

  /** The newest change of {@code key} not yet acknowledged (see WriteBehindQueue#pending). */
  Optional<Optional<V>> pending(K key) {
    lock.lock();
    try {
      PendingWrite<K, V> w = waiting.get(key);
      if (w == null) {
        w = taken.get(key);
      }
      return w == null ? Optional.empty() : Optional.of(w.asOptional());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<PendingWrite<K, V>> poll(int max, long waitMillis) throws InterruptedException {
    lock.lock();
    try {
      long remaining = TimeUnit.MILLISECONDS.toNanos(waitMillis);
      while (waiting.isEmpty() && remaining > 0 && !closed) {
        remaining = notEmpty.awaitNanos(remaining);
      }
      List<PendingWrite<K, V>> out = new ArrayList<>(Math.min(max, waiting.size()));
      for (Iterator<PendingWrite<K, V>> it = waiting.values().iterator();
          it.hasNext() && out.size() < max; ) {
        PendingWrite<K, V> w = it.next();
        it.remove();
        taken.merge(w.key(), w, (a, b) -> b.seq() > a.seq() ? b : a);
        out.add(w);
      }
      if (!out.isEmpty()) {
        notFull.signalAll();
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void acknowledge(List<PendingWrite<K, V>> done) {
    lock.lock();
    try {
      for (PendingWrite<K, V> w : done) {
        PendingWrite<K, V> t = taken.get(w.key());
        if (t != null && t.seq() <= w.seq()) {
          taken.remove(w.key());
        }
      }
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public DeadLetter<K, V> deadLetter(PendingWrite<K, V> write,
      List<PendingWrite<K, V>> superseded, int attempts, Throwable cause) {
    DeadLetter<K, V> letter = deadLetters.add(write, attempts, cause);
    List<PendingWrite<K, V>> done = new ArrayList<>(superseded);
    done.add(write);
    acknowledge(done);
    return letter;
  }

  @Override
  public long depth() {
    lock.lock();
    try {
      return waiting.size() + taken.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long oldestPendingMillis() {
    lock.lock();
    try {
      long oldest = Long.MAX_VALUE;
      if (!waiting.isEmpty()) {
        oldest = waiting.values().iterator().next().enqueuedAtMillis();
      }
      for (PendingWrite<K, V> w : taken.values()) {
        oldest = Math.min(oldest, w.enqueuedAtMillis());
      }
      return oldest == Long.MAX_VALUE ? -1 : oldest;
    } finally {
      lock.unlock();
    }
  }

  /** Refuses further writes and wakes blocked writers (which then fail). */
  void close() {
    lock.lock();
    try {
      closed = true;
      notFull.signalAll();
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  long enqueued() {
    lock.lock();
    try {
      return enqueued;
    } finally {
      lock.unlock();
    }
  }

  long coalesced() {
    lock.lock();
    try {
      return coalesced;
    } finally {
      lock.unlock();
    }
  }
}
