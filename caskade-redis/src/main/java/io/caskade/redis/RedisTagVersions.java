package io.caskade.redis;

import io.caskade.invalidation.TagVersions;
import io.caskade.redis.bus.InvalidationBus;
import io.caskade.redis.bus.InvalidationMessage;
import io.caskade.tier.TierException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tag versions kept in Redis ({@code INCR} per tag), cached in this JVM: a cached version is used
 * for at most {@code maxAgeNanos}, then re-read; a bump on another instance arrives earlier over
 * the bus. A read that cannot reach Redis answers from the cache (or 0 for a tag never seen),
 * never throws: an entry recorded under a version this instance cannot confirm is at worst a
 * miss. A bump that cannot reach Redis is applied locally at once and queued for replay.
 */
final class RedisTagVersions implements TagVersions {

  private record Known(long version, long readAt) {}

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
      try {
        String[] keys = stale.stream().map(layout::tag).toArray(String[]::new);
        List<io.lettuce.core.KeyValue<String, byte[]>> values =
            guard.call("tag read", () -> redis.sync().mget(keys));
        long readAt = System.nanoTime();
        for (int i = 0; i < stale.size(); i++) {
          String tag = stale.get(i);
          io.lettuce.core.KeyValue<String, byte[]> kv = values.get(i);
          long v = kv.hasValue() ? parse(kv.getValue()) : 0L;
          Known mine = known.get(tag);
          if (mine != null && mine.version() > v && pending.size() > 0) {
            v = mine.version(); // a local bump still waiting for replay
          }
          known.put(tag, new Known(v, readAt));
          result.put(tag, v);
        }
      } catch (TierException e) {
        for (String tag : stale) {
          Known k = known.get(tag);
          result.put(tag, k == null ? 0L : k.version());
        }
      }
    }
    return result;
  }

  @Override
  public long bump(String tag) {
    try {
      return bumpInRedis(tag);
    } catch (TierException e) {
      Known k = known.get(tag);
      long local = (k == null ? 0L : k.version()) + 1;
      known.put(tag, new Known(local, System.nanoTime()));
      pending.add(PendingInvalidations.Kind.TAG, tag);
      counters.queued.increment();
      return local;
    }
  }

  /** INCR in Redis, adopt, announce; throws {@link TierException} when Redis is unreachable. */
  long bumpInRedis(String tag) {
    long v = guard.call("tag bump", () -> redis.sync().incr(layout.tag(tag)));
    known.put(tag, new Known(v, System.nanoTime()));
    InvalidationBus b = bus;
    if (b != null) {
      guard.run("publish", () -> b.publish(InvalidationMessage.Kind.TAG, List.of(), tag, v));
    }
    return v;
  }

  /** A bump announced by another instance. */
  void learn(String tag, long version) {
    known.merge(tag, new Known(version, System.nanoTime()),
        (old, neu) -> neu.version() >= old.version() ? neu : old);
  }

  /** Forces re-reads (after the bus may have missed bumps). */
  void markAllStale() {
    known.clear();
  }

  private static long parse(byte[] raw) {
    return Long.parseLong(new String(raw, StandardCharsets.US_ASCII));
  }
}
