package io.caskade.jcache.event;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;

/** A registered listener with its filter, made from its configuration's factories. */
final class Registration<K, V> {

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;

  Registration(CacheEntryListenerConfiguration<K, V> configuration) {
    this.configuration = configuration;
    this.listener = configuration.getCacheEntryListenerFactory().create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  boolean isSynchronous() {
    return configuration.isSynchronous();
  }

  /** Delivers {@code event} if this listener handles its type and the filter lets it through. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void deliver(EntryEvent<K, V> event) {
    EntryEvent<K, V> seen = configuration.isOldValueRequired() ? event : event.withoutOldValue();
    if (!handles(seen)) {
      return;
    }
    if (filter != null && !filter.evaluate(seen)) {
      return;
    }
    List<CacheEntryEvent<? extends K, ? extends V>> events = List.of(seen);
    switch (seen.getEventType()) {
      case CREATED -> ((CacheEntryCreatedListener) listener).onCreated((Iterable) events);
      case UPDATED -> ((CacheEntryUpdatedListener) listener).onUpdated((Iterable) events);
      case REMOVED -> ((CacheEntryRemovedListener) listener).onRemoved((Iterable) events);
      case EXPIRED -> ((CacheEntryExpiredListener) listener).onExpired((Iterable) events);
      default -> throw new IllegalStateException("unknown event type " + seen.getEventType());
    }
  }

  private boolean handles(EntryEvent<K, V> event) {
    return switch (event.getEventType()) {
      case CREATED -> listener instanceof CacheEntryCreatedListener;
      case UPDATED -> listener instanceof CacheEntryUpdatedListener;
      case REMOVED -> listener instanceof CacheEntryRemovedListener;
      case EXPIRED -> listener instanceof CacheEntryExpiredListener;
    };
  }

  void close() {
    closeQuietly(listener);
    closeQuietly(filter);
  }

  private static void closeQuietly(Object o) {
    if (o instanceof Closeable c) {
      try {
        c.close();
      } catch (IOException | RuntimeException e) {
        // a listener that fails to close must not stop the cache from closing
      }
    }
  }
}
