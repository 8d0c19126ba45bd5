package io.caskade.cdc.postgres;

import io.caskade.Cache;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one committed transaction invalidates, per cache: keys (deduplicated), tags, or
 * everything. Applied through the cache's public API, which deletes from every tier and tells
 * the other instances over the L2 tier's bus. Not thread-safe.
 */
final class InvalidationPlan {

  private final Map<Cache<?, ?>, Target> targets = new IdentityHashMap<>();

  void key(Cache<?, ?> cache, Object key) {
    target(cache).keys.add(key);
  }

  void tag(Cache<?, ?> cache, String tag) {
    target(cache).tags.add(tag);
  }

  void all(Cache<?, ?> cache) {
    target(cache).all = true;
  }

  boolean isEmpty() {
    return targets.isEmpty();
  }

  /** Keys and tags invalidated by {@link #apply()} (a whole-cache invalidation counts one). */
  long size() {
    long n = 0;
    for (Target t : targets.values()) {
      n += t.all ? 1 : t.keys.size() + t.tags.size();
    }
    return n;
  }

  /** Invalidates everything planned; throws what the cache throws (the caller retries). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void apply() {
    for (Map.Entry<Cache<?, ?>, Target> e : targets.entrySet()) {
      Cache cache = e.getKey();
      Target t = e.getValue();
      if (t.all) {
        cache.invalidateAll();
        continue;
      }
      if (t.keys.size() == 1) {
        cache.invalidate(t.keys.iterator().next());
      } else if (!t.keys.isEmpty()) {
        cache.invalidateAll(new ArrayList<>(t.keys));
      }
      for (String tag : t.tags) {
        cache.invalidateTag(tag);
      }
    }
  }

  void clear() {
    targets.clear();
  }

  /** An independent copy (for a delayed re-application after this plan is cleared). */
  InvalidationPlan copy() {
    InvalidationPlan c = new InvalidationPlan();
    targets.forEach((cache, t) -> {
      Target ct = c.target(cache);
      ct.keys.addAll(t.keys);
      ct.tags.addAll(t.tags);
      ct.all = t.all;
    });
    return c;
  }

  private Target target(Cache<?, ?> cache) {
    return targets.computeIfAbsent(cache, c -> new Target());
  }

  private static final class Target {
    final Set<Object> keys = new LinkedHashSet<>();
    final Set<String> tags = new LinkedHashSet<>();
    boolean all;
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    targets.forEach((c, t) -> parts.add(c.name() + (t.all ? "=*" : "=" + t.keys + t.tags)));
    return "InvalidationPlan" + parts;
  }
}
