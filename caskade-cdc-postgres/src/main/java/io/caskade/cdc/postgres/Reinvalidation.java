package io.caskade.cdc.postgres;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delayed second pass of each transaction's invalidations (see
 * {@link ChangeLogInvalidator.Builder#reinvalidateAfter}), on a daemon timer thread. Best effort:
 * a failure is logged, never retried (the first pass was applied and confirmed).
 */
final class Reinvalidation implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Reinvalidation.class);

  private final Duration delay;
  private final ScheduledExecutorService timer;

  Reinvalidation(String slot, Duration delay) {
    this.delay = delay;
    this.timer = delay.isZero() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "caskade-cdc-reinvalidate-" + slot);
      t.setDaemon(true);
      return t;
    });
  }

  /** Schedules a copy of {@code plan} to be applied again after the delay (nothing when off). */
  void schedule(InvalidationPlan plan) {
    if (timer == null || timer.isShutdown()) {
      return;
    }
    InvalidationPlan again = plan.copy();
    try {
      timer.schedule(() -> {
        try {
          again.apply();
        } catch (RuntimeException e) {
          LOG.debug("second invalidation pass failed: {}", e.toString());
        }
      }, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing: the first pass was applied
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
