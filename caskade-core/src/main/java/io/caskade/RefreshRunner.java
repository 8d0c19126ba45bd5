package io.caskade;

import io.caskade.metrics.CacheEventType;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs background refreshes on a bounded pool. A refresh that finds the pool and its queue full is
 * not silently dropped: it is counted ({@link CacheEventType#REFRESH_REJECTED}) and logged (at most
 * once every ten seconds, with the count since the last log).
 */
final class RefreshRunner {

  private static final Logger log = LoggerFactory.getLogger(RefreshRunner.class);
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final String cache;
  private final ThreadPoolExecutor pool;
  private final EventRecorder events;
  private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
  private final AtomicLong rejectedSinceLog = new AtomicLong();

  RefreshRunner(String cache, int threads, int queueCapacity, EventRecorder events) {
    this.cache = cache;
    this.events = events;
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        queueCapacity == 0 ? new java.util.concurrent.SynchronousQueue<>()
            : new ArrayBlockingQueue<>(queueCapacity),
        r -> {
          Thread t = new Thread(r, "caskade-refresh-" + cache + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.pool.allowCoreThreadTimeOut(true);
  }

  /** Submits a refresh; false (counted, logged) when the pool is full. */
  boolean submit(Object key, Runnable refresh) {
    try {
      pool.execute(refresh);
      return true;
    } catch (RejectedExecutionException e) {
      events.record(CacheEventType.REFRESH_REJECTED, key);
      long rejected = rejectedSinceLog.incrementAndGet();
      long now = System.nanoTime();
      long last = lastLog.get();
      if (now - last >= LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
        rejectedSinceLog.addAndGet(-rejected);
        log.warn("cache '{}': refresh pool full, {} refresh(es) rejected (serving the current "
            + "entries; raise refreshConcurrency if this persists)", cache, rejected);
      }
      return false;
    }
  }

  void close() {
    pool.shutdownNow();
  }
}
