package io.caskade;

import io.caskade.metrics.CacheEventType;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A load that goes ahead without the fleet-wide lease it should have held — the lease call failed
 * or timed out, or the wait for another instance's fill ended with neither a fill nor the lease —
 * is never silent: each is counted ({@link CacheEventType#LEASE_UNAVAILABLE}) and logged at WARN,
 * at most one line per ten seconds with the count since the last one. Each such load is one more
 * load of the key across the fleet (its result stays in this instance's L1).
 */
final class LeaseUnavailable {

  private static final Logger log = LoggerFactory.getLogger(LeaseUnavailable.class);
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final CacheContext<?, ?> ctx;
  private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
  private final AtomicLong sinceLog = new AtomicLong();

  LeaseUnavailable(CacheContext<?, ?> ctx) {
    this.ctx = ctx;
  }

  /** Counts and (rate-limited) logs a load of {@code key} without the lease, for {@code why}. */
  void loadingWithout(Object key, String why) {
    ctx.events.record(CacheEventType.LEASE_UNAVAILABLE, key);
    long count = sinceLog.incrementAndGet();
    long now = System.nanoTime();
    long last = lastLog.get();
    if (now - last >= LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
      sinceLog.addAndGet(-count);
      log.warn("cache '{}': {} load(s) went ahead without the fleet-wide lease (latest: key {}, "
          + "{}); each is an extra load of its key across the fleet. Counted as "
          + "LEASE_UNAVAILABLE; if L2 is slow rather than down, look at its command timeout and "
          + "leaseWait", ctx.name, count, key, why);
    }
  }
}
