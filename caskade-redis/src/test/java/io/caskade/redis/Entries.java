package io.caskade.redis;

import io.caskade.entry.Entry;
import io.caskade.time.CacheClock;
import java.time.Duration;
import java.util.Map;

/** Test entries on the system clock. */
final class Entries {

  private Entries() {}

  static <V> Entry<V> fresh(V value, Duration ttl) {
    return tagged(value, ttl, Map.of());
  }

  static <V> Entry<V> fresh(V value) {
    return fresh(value, Duration.ofMinutes(1));
  }

  static <V> Entry<V> tagged(V value, Duration ttl, Map<String, Long> tags) {
    long now = CacheClock.system().nanos();
    return Entry.of(value, now, now + ttl.toNanos(), now + ttl.toNanos(), now + ttl.toNanos(),
        1_000, now, tags);
  }
}
