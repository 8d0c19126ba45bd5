package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.metrics.CacheEventType;
import io.caskade.source.SourceRejectedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The async variants: a fresh L1 hit completes at once; anything else runs the blocking read path
 * on a bounded pool of daemon threads (a full pool fails the future, it never blocks the caller).
 */
final class AsyncReads<K, V> implements AutoCloseable {

  private final CacheContext<K, V> ctx;
  private final ReadPath<K, V> reads;
  private final ThreadPoolExecutor pool;

  AsyncReads(CacheContext<K, V> ctx, ReadPath<K, V> reads) {
    this.ctx = ctx;
    this.reads = reads;
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(0, 256, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "caskade-async-" + ctx.name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  CompletableFuture<V> get(K key, CacheLoader<? super K, ? extends V> loader) {
    Entry<V> e = ctx.l1.get(key);
    long now = ctx.clock.nanos();
    if (e != null && e.isFresh(now) && ctx.tagsCurrent(e)
        && reads.serve(key, e, now, loader, CacheEventType.L1_HIT)) {
      return CompletableFuture.completedFuture(e.value());
    }
    return supply(() -> reads.get(key, loader));
  }

  <T> CompletableFuture<T> supply(Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, pool);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new SourceRejectedException(ctx.source.name(),
          SourceRejectedException.Reason.EXECUTOR_FULL, e));
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
