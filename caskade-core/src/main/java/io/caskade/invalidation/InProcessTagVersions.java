package io.caskade.invalidation;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Tag versions held in this JVM. They never repeat, not even across a restart of the process (an
 * entry from an earlier process, e.g. in a shared tier, must not match by chance): every version
 * is taken from the wall clock in microseconds — a tag never bumped is at the instant this object
 * was created, a bump moves it to at least the current instant — assuming the clock does not step
 * back across a restart and a tag is bumped less than a million times a second on average.
 */
final class InProcessTagVersions implements TagVersions {

  private final long base = nowMicros();
  private final ConcurrentHashMap<String, Long> versions = new ConcurrentHashMap<>();

  @Override
  public Map<String, Long> current(Set<String> tags) {
    Map<String, Long> result = new HashMap<>(tags.size() * 2);
    for (String tag : tags) {
      result.put(tag, current(tag));
    }
    return result;
  }

  @Override
  public long current(String tag) {
    Long v = versions.get(tag);
    return v == null ? base : v;
  }

  @Override
  public long bump(String tag) {
    return versions.merge(tag, Math.max(base + 1, nowMicros()),
        (old, now) -> Math.max(old + 1, now));
  }

  /** The wall clock in microseconds since the epoch. */
  static long nowMicros() {
    Instant now = Instant.now();
    return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1_000;
  }
}
