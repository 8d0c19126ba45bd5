package io.caskade.write;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/** The in-memory queue's dead letters: bounded, oldest dropped first (and counted). */
final class DeadLetterList<K, V> {

  private final int capacity;
  private final Deque<DeadLetter<K, V>> letters = new ArrayDeque<>();
  private long nextId;
  private long dropped;

  DeadLetterList(int capacity) {
    this.capacity = capacity;
  }

  synchronized DeadLetter<K, V> add(PendingWrite<K, V> write, int attempts, Throwable cause) {
    DeadLetter<K, V> letter = new DeadLetter<>("dl-" + (++nextId), write, attempts,
        Flusher.describe(cause), Instant.now());
    if (letters.size() >= capacity) {
      letters.removeFirst();
      dropped++;
    }
    letters.addLast(letter);
    return letter;
  }

  synchronized List<DeadLetter<K, V>> list() {
    return new ArrayList<>(letters);
  }

  /** Removes and returns the letter with {@code id}, or null. */
  synchronized DeadLetter<K, V> remove(String id) {
    for (Iterator<DeadLetter<K, V>> it = letters.iterator(); it.hasNext(); ) {
      DeadLetter<K, V> d = it.next();
      if (d.id().equals(id)) {
        it.remove();
        return d;
      }
    }
    return null;
  }

  synchronized long dropped() {
    return dropped;
  }
}
