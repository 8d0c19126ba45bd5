package io.caskade.jcache.event;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry listeners of one cache. Operations collect their events in an {@link Events} batch
 * and publish it once the entry changed. Every listener is called on the calling thread, in the
 * order of the changes, which satisfies both delivery modes; a synchronous listener's exception
 * reaches the caller as a {@link CacheEntryListenerException}, an asynchronous one's is logged.
 */
public final class EventDispatcher<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

  private final Cache<K, V> cache;
  private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();

  public EventDispatcher(Cache<K, V> cache) {
    this.cache = cache;
  }

  /** Registers a listener; a configuration registered already is an IllegalArgumentException. */
  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (Registration<K, V> r : registrations) {
      if (r.configuration().equals(configuration)) {
        throw new IllegalArgumentException("listener configuration already registered");
      }
    }
    registrations.add(new Registration<>(configuration));
  }

  public synchronized void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    registrations.removeIf(r -> {
      if (r.configuration().equals(configuration)) {
        r.close();
        return true;
      }
      return false;
    });
  }

  public boolean hasListeners() {
    return !registrations.isEmpty();
  }

  /** A new batch of events for one operation. */
  public Events<K, V> batch() {
    return new Events<>(this);
  }

  void publish(List<EntryEvent<K, V>> events) {
    CacheEntryListenerException failure = null;
    for (EntryEvent<K, V> event : events) {
      for (Registration<K, V> r : registrations) {
        try {
          r.deliver(event);
        } catch (RuntimeException e) {
          if (r.isSynchronous()) {
            if (failure == null) {
              failure = e instanceof CacheEntryListenerException c ? c
                  : new CacheEntryListenerException(e);
            }
          } else {
            LOG.warn("asynchronous listener of cache '{}' failed on {}", cache.getName(),
                event.getEventType(), e);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  public void close() {
    registrations.forEach(Registration::close);
    registrations.clear();
  }

  /** The events of one operation, published together. */
  public static final class Events<K, V> {
    private final EventDispatcher<K, V> dispatcher;
    private final List<EntryEvent<K, V>> events = new ArrayList<>(2);

    Events(EventDispatcher<K, V> dispatcher) {
      this.dispatcher = dispatcher;
    }

    public void created(K key, V value) {
      add(EventType.CREATED, key, value, null, false);
    }

    public void updated(K key, V value, V oldValue) {
      add(EventType.UPDATED, key, value, oldValue, true);
    }

    public void removed(K key, V oldValue) {
      add(EventType.REMOVED, key, oldValue, oldValue, true);
    }

    public void expired(K key, V oldValue) {
      add(EventType.EXPIRED, key, oldValue, oldValue, true);
    }

    private void add(EventType type, K key, V value, V oldValue, boolean hasOld) {
      if (dispatcher.hasListeners()) {
        events.add(new EntryEvent<>(dispatcher.cache, type, key, value, oldValue, hasOld));
      }
    }

    /** Delivers the batch (once). */
    public void publish() {
      if (!events.isEmpty()) {
        List<EntryEvent<K, V>> copy = new ArrayList<>(events);
        events.clear();
        dispatcher.publish(copy);
      }
    }
  }
}
