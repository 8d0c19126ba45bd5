package io.caskade.tier.compose;

import io.caskade.bus.BusListener;
import io.caskade.bus.InvalidationBus;
import io.caskade.codec.KeyCodec;
import io.caskade.entry.Entry;
import io.caskade.tier.TierContext;
import io.caskade.tier.TierException;
import io.caskade.tier.TierStore;
import io.caskade.tier.VersionStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A shared "server" in this JVM for the composition's tests: entries, counters and a broadcast
 * channel that several instances' parts share, with a switch that makes every call fail as an
 * unreachable server would. Test scaffolding for the composition, not a tier.
 */
final class InMemoryServer {

  final Map<String, Entry<String>> entries = new ConcurrentHashMap<>();
  final Map<String, Long> counters = new ConcurrentHashMap<>();
  final List<Bus> buses = new CopyOnWriteArrayList<>();
  final AtomicInteger deletes = new AtomicInteger();
  volatile boolean down;

  void check() {
    if (down) {
      throw new TierException("in-memory server is down");
    }
  }

  Store store() {
    return new Store();
  }

  Versions versions() {
    return new Versions();
  }

  Bus bus() {
    return new Bus();
  }

  final class Store implements TierStore<String, String> {
    private volatile TierContext ctx;

    @Override
    public String name() {
      return "memory";
    }

    @Override
    public KeyCodec<String> keys() {
      return KeyCodec.strings();
    }

    @Override
    public void bind(TierContext context) {
      this.ctx = context;
    }

    private String key(String k) {
      return ctx.cache() + ":" + ctx.generation() + ":" + k;
    }

    @Override
    public Entry<String> get(String key) {
      check();
      return entries.get(key(key));
    }

    @Override
    public Map<String, Entry<String>> getAll(Collection<? extends String> keys) {
      check();
      Map<String, Entry<String>> found = new HashMap<>();
      for (String k : keys) {
        Entry<String> e = entries.get(key(k));
        if (e != null) {
          found.put(k, e);
        }
      }
      return found;
    }

    @Override
    public void put(String key, Entry<String> entry) {
      check();
      entries.put(key(key), entry);
    }

    @Override
    public void delete(Collection<? extends String> keys) {
      check();
      keys.forEach(k -> entries.remove(key(k)));
      deletes.addAndGet(keys.size());
    }
  }

  final class Versions implements VersionStore {
    @Override
    public long read(String counter) {
      check();
      return counters.computeIfAbsent(counter, c -> 1_000L);
    }

    @Override
    public long bump(String counter) {
      check();
      return counters.merge(counter, 1_001L, (old, one) -> old + 1);
    }
  }

  final class Bus implements InvalidationBus {
    private final String origin = UUID.randomUUID().toString();
    volatile BusListener listener;
    volatile String cache;

    @Override
    public void start(String cacheName, BusListener busListener) {
      this.cache = cacheName;
      this.listener = busListener;
      buses.add(this);
    }

    private void each(java.util.function.Consumer<BusListener> send) {
      check();
      for (Bus b : buses) {
        if (b != this && b.cache.equals(cache)) {
          send.accept(b.listener);
        }
      }
    }

    @Override
    public void publishKeys(List<String> keys) {
      each(l -> l.onKeys(keys));
    }

    @Override
    public void publishTag(String tag, long version) {
      each(l -> l.onTag(tag, version));
    }

    @Override
    public void publishNamespace(long generation) {
      each(l -> l.onNamespace(generation));
    }

    @Override
    public boolean isUp() {
      return !down;
    }

    @Override
    public void close() {
      buses.remove(this);
    }
  }
}
