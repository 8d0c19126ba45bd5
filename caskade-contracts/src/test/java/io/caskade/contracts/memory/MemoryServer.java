package io.caskade.contracts.memory;

import io.caskade.time.CacheClock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A shared "server" in one JVM for the suites' own tests: values with a physical expiry, lease
 * records, counters and bus subscribers. Only to check that the suites pass on a correct tier.
 */
final class MemoryServer {

  record Value(byte[] bytes, long expiresAt) {}

  record LeaseRecord(String token, long expiresAt) {}

  final Map<String, Value> values = new ConcurrentHashMap<>();
  final Map<String, LeaseRecord> leases = new ConcurrentHashMap<>();
  final Map<String, Long> counters = new ConcurrentHashMap<>();
  final Map<String, List<MemoryBus>> subscribers = new ConcurrentHashMap<>();
  final Map<String, long[]> sequences = new ConcurrentHashMap<>();

  long now() {
    return CacheClock.system().nanos();
  }

  byte[] read(String key) {
    Value v = values.get(key);
    if (v == null || v.expiresAt() <= now()) {
      return null;
    }
    return v.bytes();
  }

  List<MemoryBus> subscribers(String cache) {
    return subscribers.computeIfAbsent(cache, c -> new CopyOnWriteArrayList<>());
  }
}
