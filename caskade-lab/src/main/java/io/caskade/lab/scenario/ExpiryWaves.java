package io.caskade.lab.scenario;

import io.caskade.metrics.CacheEvent;
import io.caskade.metrics.CacheEventListener;
import io.caskade.metrics.CacheEventType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts how often one instance found its copy of a key gone or stale — one "expiry" per wave of
 * callers, however many callers the wave had. Armed at start (the cold miss is the first wave)
 * and re-armed whenever a load, a refresh or an L2 hit gives the instance a new copy.
 */
final class ExpiryWaves implements CacheEventListener {

  private final AtomicBoolean armed = new AtomicBoolean(true);
  private final AtomicLong waves = new AtomicLong();
  private final AtomicLong lastWaveNanos = new AtomicLong();
  private final long minGapNanos;

  /** @param minGap waves closer than this to the last one are the same wave (half a TTL) */
  ExpiryWaves(Duration minGap) {
    this.minGapNanos = minGap.toNanos();
  }

  @Override
  public void onEvent(CacheEvent event) {
    CacheEventType type = event.type();
    if (type == CacheEventType.MISS || type == CacheEventType.STALE_SERVED_SWR) {
      missed();
    } else if (type == CacheEventType.LOAD_SUCCESS || type == CacheEventType.REFRESH_SUCCESS
        || type == CacheEventType.L2_HIT) {
      stored();
    }
  }

  /** A caller found nothing fresh. */
  void missed() {
    if (armed.compareAndSet(true, false)) {
      long now = System.nanoTime();
      long last = lastWaveNanos.get();
      if (waves.get() == 0 || now - last >= minGapNanos) {
        lastWaveNanos.set(now);
        waves.incrementAndGet();
      }
    }
  }

  /** A fresh copy was stored. */
  void stored() {
    armed.set(true);
  }

  long waves() {
    return waves.get();
  }
}
