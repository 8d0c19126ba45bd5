package io.caskade.postgres;

import io.caskade.codec.KeyCodec;
import io.caskade.entry.Entry;
import io.caskade.tier.TierContext;
import io.caskade.tier.TierStore;
import io.caskade.tier.VersionStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test scaffolding for the bus tests: a {@link TierStore} over a map shared by every instance in
 * the JVM (as a Redis or Memcached server would be shared by every application instance), keyed
 * {@code <cache>:<generation>:<key>}, plus a {@link VersionStore} over another shared map.
 */
final class SharedMapStore implements TierStore<String, String> {

  private final Map<String, Entry<String>> server;
  private TierContext context;

  SharedMapStore(Map<String, Entry<String>> server) {
    this.server = server;
  }

  @Override
  public String name() {
    return "shared-map";
  }

  @Override
  public KeyCodec<String> keys() {
    return KeyCodec.strings();
  }

  @Override
  public void bind(TierContext context) {
    this.context = context;
  }

  private String key(String key) {
    return context.cache() + ":" + context.generation() + ":" + key;
  }

  @Override
  public Entry<String> get(String key) {
    return server.get(key(key));
  }

  @Override
  public Map<String, Entry<String>> getAll(Collection<? extends String> keys) {
    Map<String, Entry<String>> found = new HashMap<>();
    for (String k : keys) {
      Entry<String> e = get(k);
      if (e != null) {
        found.put(k, e);
      }
    }
    return found;
  }

  @Override
  public void put(String key, Entry<String> entry) {
    server.put(key(key), entry);
  }

  @Override
  public void delete(Collection<? extends String> keys) {
    keys.forEach(k -> server.remove(key(k)));
  }

  /** Counters in a shared map, floored at the wall clock in microseconds. */
  static final class Versions implements VersionStore {
    private final Map<String, Long> counters;

    Versions(Map<String, Long> counters) {
      this.counters = counters;
    }

    @Override
    public long read(String counter) {
      return counters.computeIfAbsent(counter, c -> System.currentTimeMillis() * 1_000);
    }

    @Override
    public long bump(String counter) {
      return counters.merge(counter, System.currentTimeMillis() * 1_000,
          (cur, now) -> Math.max(cur + 1, now));
    }
  }

  /** A new server: the entries and the counters every instance shares. */
  record Server(Map<String, Entry<String>> entries, Map<String, Long> counters) {
    Server() {
      this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }
  }
}
