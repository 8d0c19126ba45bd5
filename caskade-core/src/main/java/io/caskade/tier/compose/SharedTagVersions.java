package io.caskade.tier.compose;

import io.caskade.invalidation.TagVersions;
import io.caskade.tier.TierException;
import io.caskade.tier.VersionStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ObjLongConsumer;

/**
 * Tag versions kept in a {@link VersionStore} (one counter per tag), cached in this JVM: a cached
 * version is used for at most {@code maxAgeNanos}, then re-read; a bump on another instance
 * arrives earlier over the bus. A read that cannot reach the store answers from the cache (or a
 * version of this instance's own for a tag never seen), never throws: an entry recorded under a
 * version this instance cannot confirm is at worst a miss. A bump that cannot reach the store is
 * applied locally at once (a fresh negative version no store issues) and queued for replay.
 *
 * <p>A lower version announced on the bus is not old news to ignore (the store was reset or
 * restored): this instance drops what it knew and re-reads.
 */
final class SharedTagVersions implements TagVersions {

  /** A version and when it was read; {@code local} when this instance made it up. */
  private record Known(long version, long readAt, boolean local) {}

  private final VersionStore store;
  private final String prefix;
  private final PendingInvalidations pending;
  private final ObjLongConsumer<String> announce;
  private final Runnable onQueued;
  private final long maxAgeNanos;
  private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();

  /**
   * @param prefix counter name prefix ({@code <cache>/tag/})
   * @param announce publishes a bump on the bus; throws {@link TierException} when it cannot
   */
  SharedTagVersions(VersionStore store, String prefix, PendingInvalidations pending,
      ObjLongConsumer<String> announce, Runnable onQueued, long maxAgeNanos) {
    this.store = store;
    this.prefix = prefix;
    this.pending = pending;
    this.announce = announce;
    this.onQueued = onQueued;
    this.maxAgeNanos = maxAgeNanos;
  }

  @Override
  public long current(String tag) {
    Known k = known.get(tag);
    if (k != null && System.nanoTime() - k.readAt() <= maxAgeNanos) {
      return k.version();
    }
    return current(Set.of(tag)).get(tag);
  }

  @Override
  public Map<String, Long> current(Set<String> tags) {
    Map<String, Long> result = new HashMap<>(tags.size() * 2);
    List<String> stale = new ArrayList<>();
    long now = System.nanoTime();
    for (String tag : tags) {
      Known k = known.get(tag);
      if (k != null && now - k.readAt() <= maxAgeNanos) {
        result.put(tag, k.version());
      } else {
        stale.add(tag);
      }
    }
    if (!stale.isEmpty()) {
      readFromStore(stale, result);
    }
    return result;
  }

  private void readFromStore(List<String> stale, Map<String, Long> result) {
    Map<String, Known> before = new HashMap<>(stale.size() * 2);
    stale.forEach(tag -> before.put(tag, known.get(tag)));
    try {
      List<String> counters = new ArrayList<>(stale.size());
      stale.forEach(tag -> counters.add(prefix + tag));
      long[] read = store.readAll(counters);
      long readAt = System.nanoTime();
      boolean bumpsQueued = !pending.isEmpty();
      for (int i = 0; i < stale.size(); i++) {
        String tag = stale.get(i);
        Known prior = before.get(tag);
        Known fresh = new Known(read[i], readAt, false);
        Known now = known.compute(tag, (t, cur) -> {
          if (cur != prior) {
            return cur; // a bump or an announcement landed meanwhile: newer than this read
          }
          if (cur != null && cur.local() && bumpsQueued) {
            return cur; // a local bump still waiting for replay
          }
          return fresh;
        });
        result.put(tag, now == null ? fresh.version() : now.version());
      }
    } catch (TierException e) {
      for (String tag : stale) {
        Known k = known.computeIfAbsent(tag,
            t -> new Known(localVersion(), System.nanoTime() - maxAgeNanos - 1, true));
        result.put(tag, k.version());
      }
    }
  }

  @Override
  public long bump(String tag) {
    try {
      return bumpInStore(tag);
    } catch (TierException e) {
      long local = localVersion();
      known.put(tag, new Known(local, System.nanoTime(), true));
      pending.add(PendingInvalidations.Kind.TAG, tag);
      onQueued.run();
      return local;
    }
  }

  /** Bumps in the store, adopts, announces; throws {@link TierException} when it cannot. */
  long bumpInStore(String tag) {
    long v = store.bump(prefix + tag);
    known.put(tag, new Known(v, System.nanoTime(), false));
    announce.accept(tag, v);
    return v;
  }

  /**
   * A bump announced by another instance. A higher version is adopted; a lower one means the
   * store was reset or restored, or two announcements crossed: forget it and re-read.
   */
  void learn(String tag, long version) {
    known.compute(tag, (t, cur) -> {
      if (cur == null || version > cur.version() || cur.local()) {
        return new Known(version, System.nanoTime(), false);
      }
      return version == cur.version() ? cur : null;
    });
  }

  /** Forces re-reads (after the bus may have missed bumps). */
  void markAllStale() {
    known.clear();
  }

  /** A version no store issues (negative) and no other instance makes up (random). */
  private static long localVersion() {
    return -1 - ThreadLocalRandom.current().nextLong(Long.MAX_VALUE - 1);
  }
}
