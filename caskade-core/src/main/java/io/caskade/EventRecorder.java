package io.caskade;

import io.caskade.metrics.CacheEvent;
import io.caskade.metrics.CacheEventListener;
import io.caskade.metrics.CacheEventType;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts events and hands them to listeners; allocation-free when no listener is registered. */
final class EventRecorder {

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final CacheEventType[] TYPES = CacheEventType.values();

  private final String cache;
  private final LongAdder[] counts = new LongAdder[TYPES.length];
  private final LongAdder[] nanos = new LongAdder[TYPES.length];
  private final CacheEventListener[] listeners;

  EventRecorder(String cache, List<CacheEventListener> listeners) {
    this.cache = cache;
    this.listeners = listeners.toArray(new CacheEventListener[0]);
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
      nanos[i] = new LongAdder();
    }
  }

  void record(CacheEventType type, Object key) {
    record(type, key, 0L);
  }

  void record(CacheEventType type, Object key, long nanos) {
    counts[type.ordinal()].increment();
    if (listeners.length != 0) {
      publish(new CacheEvent(cache, type, key, nanos));
    }
  }

  void recordLoad(CacheEventType outcome, Object key, long nanos) {
    this.nanos[outcome.ordinal()].add(nanos);
    record(outcome, key, nanos);
  }

  private void publish(CacheEvent event) {
    for (CacheEventListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("cache '{}': listener {} threw on {}", cache, listener, event.type(), e);
      }
    }
  }

  CacheStats snapshot() {
    long[] values = new long[counts.length];
    long[] durations = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      values[i] = counts[i].sum();
      durations[i] = nanos[i].sum();
    }
    return new CacheStats(values, durations);
  }
}
