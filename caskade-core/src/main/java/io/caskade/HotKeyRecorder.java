package io.caskade;

import io.caskade.snapshot.HotKeySnapshots;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a cache's hot-key snapshot current: every {@code interval}, and once more when the cache
 * closes, it stores the {@code size} hottest L1 keys (Caffeine's frequency sketch) in the
 * {@link HotKeySnapshots} store given to {@link CacheBuilder#hotKeySnapshots}. An empty hot set is
 * never stored, so an instance closed before it served anything does not wipe the snapshot it was
 * meant to inherit. A store that fails is logged, never thrown to the cache.
 */
final class HotKeyRecorder<K> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HotKeyRecorder.class);

  private final String cache;
  private final CachedKeys<K> keys;
  private final HotKeySnapshots<K> store;
  private final int size;
  private final ScheduledExecutorService scheduler;

  HotKeyRecorder(String cache, CachedKeys<K> keys, HotKeySnapshots<K> store, int size,
      Duration interval) {
    this.cache = cache;
    this.keys = keys;
    this.store = store;
    this.size = size;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "caskade-snapshot-" + cache);
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(1, interval.toMillis());
    scheduler.scheduleWithFixedDelay(this::record, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Stores the current hot keys now; how many were stored (0 when none or the store failed). */
  int record() {
    try {
      List<K> hot = keys.hottest(size);
      if (hot.isEmpty()) {
        return 0;
      }
      store.store(hot);
      return hot.size();
    } catch (RuntimeException e) {
      log.warn("cache '{}': storing the hot-key snapshot failed: {}", cache, e.toString());
      return 0;
    }
  }

  /** Stops the schedule, stores a last snapshot and closes the store. */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    record();
    try {
      store.close();
    } catch (Exception e) {
      log.warn("cache '{}': closing the hot-key snapshot store failed: {}", cache, e.toString());
    }
  }
}
