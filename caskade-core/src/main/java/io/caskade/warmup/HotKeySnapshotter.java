package io.caskade.warmup;

import io.caskade.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a cache's hot-key snapshot current: every {@code interval} (and once more on
 * {@link #close()}) it stores the cache's {@code n} hottest L1 keys ({@link Cache#hotKeys}, from
 * Caffeine's frequency sketch) in a {@link HotKeySnapshots} store, and {@link #warm()} loads a
 * stored snapshot back into the cache.
 *
 * <p>The cache makes one when built with
 * {@link io.caskade.CacheBuilder#hotKeySnapshots(HotKeySnapshots, int, Duration)}; create one
 * directly only for a cache you manage yourself. An empty hot set is never stored, so an instance
 * closed before it served anything does not wipe the snapshot it was meant to inherit. A store
 * that fails is logged and counted ({@link #failures()}), never thrown to the cache.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class HotKeySnapshotter<K, V> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HotKeySnapshotter.class);

  private final Cache<K, V> cache;
  private final HotKeySnapshots<K> store;
  private final int size;
  private final Duration interval;
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private ScheduledExecutorService scheduler;

  /**
   * @param cache the cache whose hot keys are kept
   * @param store where they are kept
   * @param size how many keys (the hottest first)
   * @param interval how often they are stored while the cache runs
   */
  public HotKeySnapshotter(Cache<K, V> cache, HotKeySnapshots<K> store, int size,
      Duration interval) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.store = Objects.requireNonNull(store, "store");
    this.size = checkSize(size);
    this.interval = checkInterval(interval);
  }

  static int checkSize(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("snapshot size must be positive: " + size);
    }
    return size;
  }

  static Duration checkInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("snapshot interval must be positive: " + interval);
    }
    return interval;
  }

  /** Starts the periodic snapshots on a daemon thread; idempotent. */
  public synchronized void start() {
    if (scheduler != null || closed.get()) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "caskade-snapshot-" + cache.name());
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(1, interval.toMillis());
    scheduler.scheduleWithFixedDelay(this::snapshot, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Stores the current hot keys now.
   *
   * @return how many keys were stored (0 when the hot set was empty or the store failed)
   */
  public int snapshot() {
    List<K> hot;
    try {
      hot = cache.hotKeys(size);
      if (hot.isEmpty()) {
        return 0;
      }
      store.store(hot);
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      log.warn("cache '{}': storing the hot-key snapshot failed: {}", cache.name(), e.toString());
      return 0;
    }
    stored.incrementAndGet();
    return hot.size();
  }

  /**
   * Loads the stored snapshot into the cache with a {@link WarmUp} (batched, under the cache's
   * source protection). A store that cannot be read is logged and warms nothing.
   */
  public WarmUpResult warm() {
    return warm(WarmUp.of(cache));
  }

  /** {@link #warm()} with a configured warm-up (batch size, progress, retries). */
  public WarmUpResult warm(WarmUp<K, V> warmUp) {
    List<K> keys;
    try {
      keys = store.load();
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      log.warn("cache '{}': reading the hot-key snapshot failed, not warming: {}", cache.name(),
          e.toString());
      return WarmUpResult.empty();
    }
    return warmUp.run(keys);
  }

  /** Snapshots stored so far. */
  public long stored() {
    return stored.get();
  }

  /** Stores and loads that failed so far. */
  public long failures() {
    return failures.get();
  }

  /** Stores a last snapshot, stops the schedule and closes the store; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      if (scheduler != null) {
        scheduler.shutdown();
        try {
          scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    snapshot();
    try {
      store.close();
    } catch (Exception e) {
      log.warn("cache '{}': closing the hot-key snapshot store failed: {}", cache.name(),
          e.toString());
    }
  }

  @Override
  public String toString() {
    return "HotKeySnapshotter{" + cache.name() + ", size=" + size + ", every " + interval
        + ", " + store + '}';
  }
}
