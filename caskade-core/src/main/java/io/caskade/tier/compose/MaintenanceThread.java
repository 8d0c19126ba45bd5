package io.caskade.tier.compose;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The default scheduler of composed tiers: one daemon thread for the JVM, created on first use,
 * shared by every tier that was not given a scheduler of its own. Its tasks are short (a replay of
 * queued invalidations); a task that fails is logged by its tier and runs again at the next tick.
 */
final class MaintenanceThread {

  private MaintenanceThread() {}

  private static final class Holder {
    static final ScheduledExecutorService SCHEDULER = create();

    private static ScheduledExecutorService create() {
      ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "caskade-tier-maintenance");
        t.setDaemon(true);
        return t;
      });
      executor.setRemoveOnCancelPolicy(true);
      return executor;
    }
  }

  static ScheduledExecutorService shared() {
    return Holder.SCHEDULER;
  }
}
