package io.caskade.contracts.memory;

import io.caskade.bus.BusListener;
import io.caskade.bus.InvalidationBus;
import io.caskade.bus.InvalidationMessage;
import io.caskade.bus.InvalidationMessage.Kind;
import io.caskade.bus.Partitions;
import io.caskade.bus.SequenceTracker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An {@link InvalidationBus} on a {@link MemoryServer} that numbers key messages per partition
 * (16 partitions) and delivers on one thread per receiver, in order.
 */
final class MemoryBus implements InvalidationBus {

  static final int PARTITIONS = 16;

  private final MemoryServer server;
  private final String origin = UUID.randomUUID().toString();
  private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "memory-bus");
    t.setDaemon(true);
    return t;
  });
  private final SequenceTracker tracker = new SequenceTracker(PARTITIONS);
  private volatile String cache;
  private volatile BusListener listener;
  private volatile boolean up;
  private volatile boolean closed;

  MemoryBus(MemoryServer server) {
    this.server = server;
  }

  @Override
  public void start(String cache, BusListener listener) {
    this.cache = cache;
    this.listener = listener;
    connect();
  }

  private synchronized void connect() {
    server.subscribers(cache).add(this);
    tracker.resync(current());
    up = true;
  }

  void disconnect() {
    server.subscribers(cache).remove(this);
    up = false;
    delivery.execute(listener::onBusDown);
  }

  void reconnect() {
    connect();
    delivery.execute(listener::onAll);
  }

  private Map<Integer, Long> current() {
    long[] seqs = server.sequences.computeIfAbsent(cache, c -> new long[PARTITIONS]);
    Map<Integer, Long> map = new HashMap<>();
    synchronized (seqs) {
      for (int p = 0; p < PARTITIONS; p++) {
        map.put(p, seqs[p]);
      }
    }
    return map;
  }

  Map<Integer, Long> advance(List<String> keys) {
    long[] seqs = server.sequences.computeIfAbsent(cache, c -> new long[PARTITIONS]);
    Map<Integer, Long> touched = new HashMap<>();
    synchronized (seqs) {
      for (String k : keys) {
        int p = Partitions.of(k, PARTITIONS);
        if (!touched.containsKey(p)) {
          touched.put(p, ++seqs[p]);
        }
      }
    }
    return touched;
  }

  @Override
  public void publishKeys(List<String> keys) {
    synchronized (server) { // numbering and sending in one step, as a script would
      send(new InvalidationMessage(cache, Kind.KEYS, keys, null, 0, origin, advance(keys)));
    }
  }

  @Override
  public void publishTag(String tag, long version) {
    send(new InvalidationMessage(cache, Kind.TAG, List.of(), tag, version, origin));
  }

  @Override
  public void publishNamespace(long generation) {
    send(new InvalidationMessage(cache, Kind.NAMESPACE, List.of(), null, generation, origin));
  }

  private void send(InvalidationMessage m) {
    for (MemoryBus bus : server.subscribers(m.cache())) {
      bus.receive(m);
    }
  }

  private void receive(InvalidationMessage m) {
    if (closed) {
      return;
    }
    if (origin.equals(m.origin())) { // not delivered, but its numbers were heard: no gap
      delivery.execute(() -> tracker.onMessage(m.seqs()));
      return;
    }
    delivery.execute(() -> {
      BusListener l = listener;
      switch (m.kind()) {
        case KEY, KEYS -> {
          Set<Integer> gaps = tracker.onMessage(m.seqs());
          if (!gaps.isEmpty()) {
            l.onKeysLost(k -> gaps.contains(Partitions.of(k, PARTITIONS)));
          }
          l.onKeys(m.keys());
        }
        case TAG -> l.onTag(m.tag(), m.version());
        case NAMESPACE -> l.onNamespace(m.version());
        case ALL -> l.onAll();
        default -> throw new IllegalStateException();
      }
    });
  }

  @Override
  public boolean isUp() {
    return up && !closed;
  }

  @Override
  public void close() {
    closed = true;
    up = false;
    if (cache != null) {
      server.subscribers(cache).remove(this);
    }
    delivery.shutdown();
  }
}
