package io.caskade.memcached;

import com.spotify.folsom.GetResult;
import com.spotify.folsom.MemcacheStatus;
import io.caskade.memcached.internal.ItemKeys;
import io.caskade.memcached.internal.Node;
import io.caskade.tier.TierException;
import io.caskade.tier.VersionStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Namespace generations and tag versions in memcached ({@link VersionStore}), as decimal items
 * that never expire (memcached may still evict them, and loses them on a restart).
 *
 * <p>Numbers are never issued twice, not even after a loss: every counter stays at or above a
 * floor, the wall clock in microseconds since the epoch. A read of a missing counter creates it
 * at the floor ({@code add}; the first instance's value wins); a bump reads it with {@code gets}
 * and writes {@code max(floor, value + 1)} with {@code cas}, retrying when another bump got there
 * first. A counter re-created after a loss therefore starts above every number issued before, and
 * entries recorded under the lost number stay invalid.
 *
 * <p>Assumptions (the README repeats them): the instances' clocks agree (NTP) within the time
 * between a counter's last bump and its loss, and counters are bumped less than a million times a
 * second. Get one from {@link MemcachedFleet#versions()}; closing it leaves the fleet open.
 */
public final class MemcachedVersionStore implements VersionStore {

  private static final int ATTEMPTS = 16;

  private final MemcachedFleet fleet;

  MemcachedVersionStore(MemcachedFleet fleet) {
    this.fleet = fleet;
  }

  @Override
  public long read(String counter) {
    String key = ItemKeys.counter(counter);
    Node node = fleet.route(key);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      long value = parse(node.call("get", c -> c.get(key)));
      if (value >= 0) {
        return value;
      }
      Long created = createOrReplace(node, key, null);
      if (created != null) {
        return created;
      }
    }
    throw new TierException("counter " + counter + " changed " + ATTEMPTS + " times while read");
  }

  @Override
  public long[] readAll(List<String> counters) {
    long[] values = new long[counters.size()];
    Map<Node, List<Integer>> byNode = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>(counters.size());
    for (int i = 0; i < counters.size(); i++) {
      String key = ItemKeys.counter(counters.get(i));
      keys.add(key);
      byNode.computeIfAbsent(fleet.route(key), n -> new ArrayList<>()).add(i);
    }
    Map<Node, CompletableFuture<Map<String, byte[]>>> calls = new LinkedHashMap<>();
    byNode.forEach((node, idx) -> {
      List<String> nodeKeys = new ArrayList<>(idx.size());
      idx.forEach(i -> nodeKeys.add(keys.get(i)));
      calls.put(node, node.start("getAll", c -> c.getAsMap(nodeKeys)));
    });
    for (Map.Entry<Node, CompletableFuture<Map<String, byte[]>>> call : calls.entrySet()) {
      Map<String, byte[]> found = Node.await(call.getValue());
      for (int i : byNode.get(call.getKey())) {
        long v = parse(found == null ? null : found.get(keys.get(i)));
        values[i] = v >= 0 ? v : read(counters.get(i));
      }
    }
    return values;
  }

  @Override
  public long bump(String counter) {
    String key = ItemKeys.counter(counter);
    Node node = fleet.route(key);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      GetResult<byte[]> current = node.call("gets", c -> c.casGet(key));
      if (current == null) {
        Long created = createOrReplace(node, key, null);
        if (created != null) {
          return created;
        }
        continue;
      }
      long value = parse(current.getValue());
      long next = Math.max(floor(), value + 1);
      byte[] bytes = ascii(next);
      long cas = current.getCas();
      MemcacheStatus status = node.call("cas", c -> c.set(key, bytes, 0, cas));
      if (status == MemcacheStatus.OK) {
        return next;
      }
    }
    throw new TierException("counter " + counter + " contended: no bump after " + ATTEMPTS
        + " attempts");
  }

  /**
   * Creates the missing (or unreadable) counter at the floor; the value if this call created it,
   * null when another instance changed it first (read again).
   */
  private Long createOrReplace(Node node, String key, GetResult<byte[]> unreadable) {
    long floor = floor();
    byte[] bytes = ascii(floor);
    MemcacheStatus status = unreadable == null
        ? node.call("add", c -> c.add(key, bytes, 0))
        : node.call("cas", c -> c.set(key, bytes, 0, unreadable.getCas()));
    if (status == MemcacheStatus.OK) {
      return floor;
    }
    if (unreadable == null) {
      GetResult<byte[]> now = node.call("gets", c -> c.casGet(key));
      if (now != null && parse(now.getValue()) < 0) {
        return createOrReplace(node, key, now); // garbage under a counter's key: replace it
      }
    }
    return null;
  }

  /** The clock floor: wall-clock microseconds since the epoch. */
  static long floor() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** The counter in {@code bytes}, or -1 when absent or not a number. */
  private static long parse(byte[] bytes) {
    if (bytes == null || bytes.length == 0 || bytes.length > 19) {
      return -1;
    }
    long v = 0;
    for (byte b : bytes) {
      if (b < '0' || b > '9') {
        return -1;
      }
      v = v * 10 + (b - '0');
    }
    return v;
  }

  private static byte[] ascii(long v) {
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }

  /** Leaves the fleet open. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "MemcachedVersionStore{" + fleet.config().servers() + '}';
  }
}
