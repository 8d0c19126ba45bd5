package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.invalidation.TagVersions;
import io.caskade.invalidation.Tagger;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Turns a loaded value into an envelope: TTL (per entry, jittered), stale windows, tag versions. */
final class EntryFactory<K, V> {

  private final Expiry<? super K, ? super V> expiry;
  private final long ttlNanos;
  private final long negativeTtlNanos;
  private final double jitter;
  private final long swrNanos;
  private final long sieNanos;
  private final Tagger<? super K, ? super V> tagger;
  private final TagVersions tagVersions;
  private final Random seeded;

  EntryFactory(CacheSpec<K, V> spec, TagVersions tagVersions) {
    this.expiry = spec.expiry();
    this.ttlNanos = spec.ttl().toNanos();
    this.negativeTtlNanos = spec.negativeTtl().toNanos();
    this.jitter = spec.ttlJitter();
    this.swrNanos = spec.staleWhileRevalidate().toNanos();
    this.sieNanos = spec.staleIfError().toNanos();
    this.tagger = spec.tagger();
    this.tagVersions = tagVersions;
    this.seeded = spec.jitterRandom();
  }

  /** The envelope for {@code value} (null = not found) loaded at {@code now} in {@code loadCost}. */
  Entry<V> create(K key, V value, long now, long loadCostNanos) {
    long ttl = ttlFor(key, value);
    if (jitter > 0) {
      double r = seeded != null ? nextDouble() : ThreadLocalRandom.current().nextDouble();
      ttl -= (long) (ttl * jitter * r);
    }
    long freshUntil = saturatedAdd(now, Math.max(ttl, 1));
    Map<String, Long> tags = Map.of();
    if (tagger != null) {
      Set<String> names = tagger.tags(key, value);
      if (names != null && !names.isEmpty()) {
        tags = tagVersions.current(names);
      }
    }
    return Entry.of(value, now, freshUntil, saturatedAdd(freshUntil, swrNanos),
        saturatedAdd(freshUntil, sieNanos), loadCostNanos, now, tags);
  }

  private long ttlFor(K key, V value) {
    if (expiry != null) {
      Duration d = expiry.ttl(key, value);
      if (d == null || d.isNegative()) {
        throw new IllegalStateException("expiry returned " + d + " for key " + key);
      }
      return d.toNanos();
    }
    return value == null ? negativeTtlNanos : ttlNanos;
  }

  private double nextDouble() {
    synchronized (seeded) {
      return seeded.nextDouble();
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
