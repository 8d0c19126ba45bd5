package io.caskade.tier.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * Invalidations that could not reach the store or the bus, kept last-per-target (a key, a tag, or the
 * namespace) in arrival order, to be replayed when the store is back. Bounded: past the limit every
 * queued item collapses into one namespace bump, which invalidates everything.
 */
final class PendingInvalidations {

  /** One queued invalidation; {@code target} identifies what it invalidates. */
  record Item(Kind kind, String target) {}

  enum Kind { KEY, TAG, NAMESPACE }

  private static final String NAMESPACE_TARGET = "*";

  private final int limit;
  private final LinkedHashMap<String, Item> items = new LinkedHashMap<>();
  /** {@code items.size()}, readable without the lock: the read path's check costs nothing when 0. */
  private volatile int count;

  PendingInvalidations(int limit) {
    this.limit = limit;
  }

  synchronized void add(Kind kind, String target) {
    if (kind == Kind.NAMESPACE) {
      target = NAMESPACE_TARGET;
    }
    String id = kind + ":" + target;
    items.remove(id);
    if (items.size() >= limit) {
      items.clear();
      kind = Kind.NAMESPACE;
      target = NAMESPACE_TARGET;
      id = kind + ":" + target;
    }
    items.put(id, new Item(kind, target));
    count = items.size();
  }

  /**
   * True while an invalidation of {@code key} (or of the whole namespace) waits for replay: what
   * the store holds for it is known to be old and must read as a miss.
   */
  boolean covers(String key) {
    if (count == 0) {
      return false;
    }
    synchronized (this) {
      return items.containsKey(Kind.KEY + ":" + key)
          || items.containsKey(Kind.NAMESPACE + ":" + NAMESPACE_TARGET);
    }
  }

  /** False when nothing waits (a lock-free read: the read path's check costs nothing then). */
  boolean mayCover() {
    return count != 0;
  }

  synchronized int size() {
    return items.size();
  }

  synchronized boolean isEmpty() {
    return items.isEmpty();
  }

  /**
   * Applies queued items in order with {@code apply}; an item leaves the queue only when
   * {@code apply} returned normally. Stops at the first failure and rethrows it.
   *
   * @return how many items were applied
   */
  int replay(Consumer<Item> apply) {
    List<Item> snapshot;
    synchronized (this) {
      snapshot = new ArrayList<>(items.values());
    }
    int applied = 0;
    for (Item item : snapshot) {
      apply.accept(item);
      synchronized (this) {
        String id = item.kind() + ":" + item.target();
        if (items.get(id) == item) {
          items.remove(id);
          count = items.size();
        }
      }
      applied++;
    }
    return applied;
  }
}
