package io.caskade.http.purge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded set of surrogate keys waiting to be purged, oldest first. A key already waiting is not
 * queued twice; when full, the oldest key is dropped to make room (its CDN copy then lives until
 * it expires). Adding never blocks.
 */
final class PurgeQueue {

  private final int capacity;
  private final LinkedHashSet<String> keys = new LinkedHashSet<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();

  PurgeQueue(int capacity) {
    this.capacity = capacity;
  }

  /** Adds {@code toAdd}; returns how many older keys were dropped to make room. */
  int add(Collection<String> toAdd) {
    int dropped = 0;
    lock.lock();
    try {
      for (String k : toAdd) {
        if (keys.add(k) && keys.size() > capacity) {
          Iterator<String> oldest = keys.iterator();
          oldest.next();
          oldest.remove();
          dropped++;
        }
      }
      if (!keys.isEmpty()) {
        notEmpty.signalAll();
      }
    } finally {
      lock.unlock();
    }
    return dropped;
  }

  /** Up to {@code max} keys, waiting up to {@code wait} for the first; empty on timeout. */
  List<String> take(int max, Duration wait) throws InterruptedException {
    long nanos = wait.toNanos();
    lock.lock();
    try {
      while (keys.isEmpty()) {
        if (nanos <= 0) {
          return List.of();
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      List<String> batch = new ArrayList<>(Math.min(max, keys.size()));
      Iterator<String> it = keys.iterator();
      while (it.hasNext() && batch.size() < max) {
        batch.add(it.next());
        it.remove();
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return keys.size();
    } finally {
      lock.unlock();
    }
  }
}
