package io.caskade.warmup;

import io.caskade.Cache;
import io.caskade.CacheLoadException;
import io.caskade.Lookup;
import io.caskade.snapshot.HotKeySnapshots;
import io.caskade.source.SourceRejectedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk-loads a list of keys into a cache, batch after batch, on the caller's thread.
 *
 * <p>Each batch skips the keys already cached (in L1, or in L2, which fills L1 on the way) and
 * reads the rest with {@link Cache#getAll}: one {@link io.caskade.CacheLoader#loadAll} per batch,
 * under the cache's source protection (rate limiter, bulkhead, timeout, circuit breaker) and
 * single-flight, so a warm-up never loads faster than the source allows and never duplicates a
 * load that live traffic already started. Batches run one at a time: a warm-up adds at most one
 * load to the source's concurrency.
 *
 * <p>A batch that fails is counted in the result, never thrown. A batch turned away because the
 * rate or concurrency budget was spent by other traffic is retried after a pause (up to
 * {@link #retries}); an open circuit is not retried.
 *
 * <pre>{@code
 * WarmUpResult r = WarmUp.of(users).batchSize(200)
 *     .progress(p -> log.info("warm-up {}%", (int) (p.fraction() * 100)))
 *     .run(userIds);
 * }</pre>
 *
 * {@link #runSnapshot} warms the keys of a hot-key snapshot a previous instance stored.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class WarmUp<K, V> {

  /** Keys per batch unless told otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 100;

  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

  private final Cache<K, V> cache;
  private int batchSize = DEFAULT_BATCH_SIZE;
  private Consumer<? super WarmUpProgress> progress = p -> { };
  private int retries = 3;
  private Duration retryPause = Duration.ofMillis(100);

  private WarmUp(Cache<K, V> cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /** A warm-up of {@code cache} with the defaults (batches of 100, no progress callback). */
  public static <K, V> WarmUp<K, V> of(Cache<K, V> cache) {
    return new WarmUp<>(cache);
  }

  /** Keys per batch, i.e. per {@code loadAll} (default 100). */
  public WarmUp<K, V> batchSize(int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  /**
   * Called on the warm-up's thread after every batch. A callback that throws is logged and the
   * warm-up goes on.
   */
  public WarmUp<K, V> progress(Consumer<? super WarmUpProgress> progress) {
    this.progress = Objects.requireNonNull(progress, "progress");
    return this;
  }

  /**
   * How often a batch turned away for a spent rate or concurrency budget is retried, with
   * {@code pause} between tries (default 3 times, 100ms).
   */
  public WarmUp<K, V> retries(int retries, Duration pause) {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative: " + retries);
    }
    Objects.requireNonNull(pause, "pause");
    if (pause.isNegative()) {
      throw new IllegalArgumentException("pause must not be negative: " + pause);
    }
    this.retries = retries;
    this.retryPause = pause;
    return this;
  }

  /**
   * Warms {@code keys} (duplicates count once) and says what happened.
   *
   * @throws NullPointerException when {@code keys} is or contains null
   */
  /**
   * Warms the keys of the hot-key snapshot in {@code store} (hottest first), the one a previous
   * instance stored (see {@code CacheBuilder.hotKeySnapshots}), like {@link #run}. A store that
   * cannot be read is logged and warms nothing.
   */
  public WarmUpResult runSnapshot(HotKeySnapshots<K> store) {
    Objects.requireNonNull(store, "store");
    List<K> keys;
    try {
      keys = store.load();
    } catch (RuntimeException e) {
      log.warn("cache '{}': reading the hot-key snapshot failed, not warming: {}", cache.name(),
          e.toString());
      return WarmUpResult.empty();
    }
    return run(keys);
  }

  public WarmUpResult run(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    long start = System.nanoTime();
    List<K> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
    distinct.forEach(k -> Objects.requireNonNull(k, "keys must not contain null"));
    Tally tally = new Tally(distinct.size());
    for (int from = 0; from < distinct.size(); from += batchSize) {
      warmBatch(distinct.subList(from, Math.min(distinct.size(), from + batchSize)), tally);
      report(tally.progress());
    }
    return tally.result(Duration.ofNanos(System.nanoTime() - start));
  }

  private void warmBatch(List<K> batch, Tally tally) {
    List<K> toLoad = new ArrayList<>(batch.size());
    for (K key : batch) {
      if (cache.lookup(key).isCached()) {
        tally.alreadyCached++;
      } else {
        toLoad.add(key);
      }
    }
    if (toLoad.isEmpty()) {
      return;
    }
    tally.batches++;
    Map<K, V> found;
    try {
      found = getAllRetrying(toLoad);
    } catch (RuntimeException e) {
      log.debug("cache '{}': warm-up batch of {} keys failed: {}", cache.name(), toLoad.size(),
          e.toString());
      tally.batchFailed(toLoad.size(), e);
      return;
    }
    for (K key : toLoad) {
      if (!found.containsKey(key)) {
        tally.notFound++;
      } else if (cache.lookup(key).state() == Lookup.State.FOUND) {
        tally.loaded++;
      } else {
        // Returned but not cached as fresh: served from stale-if-error, the load failed.
        tally.failed++;
      }
    }
  }

  private Map<K, V> getAllRetrying(List<K> keys) {
    for (int attempt = 0; ; attempt++) {
      try {
        return cache.getAll(keys);
      } catch (CacheLoadException e) {
        if (attempt >= retries || !isBudgetSpent(e)) {
          throw e;
        }
        LockSupport.parkNanos(retryPause.toNanos());
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
      }
    }
  }

  private static boolean isBudgetSpent(CacheLoadException e) {
    if (!(e.getCause() instanceof SourceRejectedException)) {
      return false;
    }
    SourceRejectedException.Reason reason = ((SourceRejectedException) e.getCause()).reason();
    return reason != SourceRejectedException.Reason.CIRCUIT_OPEN;
  }

  private void report(WarmUpProgress p) {
    try {
      progress.accept(p);
    } catch (RuntimeException e) {
      log.warn("cache '{}': warm-up progress callback threw; going on", cache.name(), e);
    }
  }

  @Override
  public String toString() {
    return "WarmUp{" + cache.name() + ", batchSize=" + batchSize + ", retries=" + retries
        + ", retryPause=" + TimeUnit.NANOSECONDS.toMillis(retryPause.toNanos()) + "ms}";
  }
}
