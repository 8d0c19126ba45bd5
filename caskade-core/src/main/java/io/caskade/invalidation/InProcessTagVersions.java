package io.caskade.invalidation;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Tag versions held in this JVM. */
final class InProcessTagVersions implements TagVersions {

  private final ConcurrentHashMap<String, AtomicLong> versions = new ConcurrentHashMap<>();

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
    AtomicLong v = versions.get(tag);
    return v == null ? 0L : v.get();
  }

  @Override
  public long bump(String tag) {
    return versions.computeIfAbsent(tag, t -> new AtomicLong()).incrementAndGet();
  }
}
