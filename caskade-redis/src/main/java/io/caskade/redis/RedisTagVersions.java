package io.caskade.redis;

import io.caskade.tier.internal.PendingInvalidations;
import io.caskade.invalidation.TagVersions;
import io.caskade.redis.bus.InvalidationBus;
import io.caskade.bus.InvalidationMessage;
import io.caskade.tier.TierException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Tag versions kept in Redis ({@link ClockCounters} counters, one per tag), cached in this JVM: a
 * cached version is used for at most {@code maxAgeNanos}, then re-read; a bump on another
 * instance arrives earlier over the bus. A read that cannot reach Redis answers from the cache
 * (or a version of this instance's own for a tag never seen), never throws: an entry recorded
 * under a version this instance cannot confirm is at worst a miss. A bump that cannot reach Redis
 * is applied locally at once (a fresh negative version Redis never issues) and queued for replay.
 *
 * <p>Versions are never re-issued: Redis keeps them above its clock, a lost counter is re-created
 * above everything issued before. A lower version announced on the bus is not old news to
 * ignore (Redis was reset or restored): this instance drops what it knew and re-reads Redis.
 * Entries match their tags' versions exactly, so whatever depended on the old version is a miss.
 */
final class RedisTagVersions implements TagVersions {

  /** A version and when it was read; {@code local} when this instance made it up. */
  private record Known(long version, long readAt, boolean local) {}

  private final KeyLayout layout;
  private final Guard guard;
  private final RedisConnection redis;
  private final PendingInvalidations pending;
  private final TierCounters counters;
  private final long maxAgeNanos;
  private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();
  private volatile InvalidationBus bus;

  RedisTagVersions(KeyLayout layout, Guard guard, RedisConnection redis,
      PendingInvalidations pending, TierCounters counters, long maxAgeNanos) {
    this.layout = layout;
    this.guard = guard;
    this.redis = redis;
    this.pending = pending;
    this.counters = counters;
    this.maxAgeNanos = maxAgeNanos;
  }

  void attach(InvalidationBus bus) {
    this.bus = bus;
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
      readFromRedis(stale, result);
    }
    return result;
  }

  private void readFromRedis(List<String> stale, Map<String, Long> result) {
    Map<String, Known> before = new HashMap<>(stale.size() * 2);
    stale.forEach(tag -> before.put(tag, known.get(tag)));
    try {
      String[] keys = stale.stream().map(layout::tag).toArray(String[]::new);
      long[] read = guard.call("tag read", () -> {
        List<io.lettuce.core.KeyValue<String, byte[]>> values = redis.sync().mget(keys);
        long[] v = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
          io.lettuce.core.KeyValue<String, byte[]> kv = values.get(i);
          // a missing counter (never bumped, or lost) is created above everything issued before
          v[i] = kv.hasValue() ? parse(kv.getValue()) : ClockCounters.read(redis.sync(), keys[i]);
        }
        return v;
      });
      long readAt = System.nanoTime();
      boolean bumpsQueued = pending.size() > 0;
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
      return bumpInRedis(tag);
    } catch (TierException e) {
      long local = localVersion();
      known.put(tag, new Known(local, System.nanoTime(), true));
      pending.add(PendingInvalidations.Kind.TAG, tag);
      counters.queued.increment();
      return local;
    }
  }

  /** Bumps in Redis, adopts, announces; throws {@link TierException} when Redis is unreachable. */
  long bumpInRedis(String tag) {
    long v = guard.call("tag bump", () -> ClockCounters.bump(redis.sync(), layout.tag(tag)));
    known.put(tag, new Known(v, System.nanoTime(), false));
    InvalidationBus b = bus;
    if (b != null) {
      guard.run("publish", () -> b.publish(InvalidationMessage.Kind.TAG, List.of(), tag, v));
    }
    return v;
  }

  /**
   * A bump announced by another instance. A higher version is adopted; a lower one means Redis
   * was reset or restored (bumps are clock-based, so it is not merely late), or that two
   * announcements crossed: this instance forgets what it knew and re-reads Redis, the authority.
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

  /** A version Redis never issues (negative) and no other instance makes up (random). */
  private static long localVersion() {
    return -1 - ThreadLocalRandom.current().nextLong(Long.MAX_VALUE - 1);
  }

  private static long parse(byte[] raw) {
    return Long.parseLong(new String(raw, StandardCharsets.US_ASCII));
  }
}
