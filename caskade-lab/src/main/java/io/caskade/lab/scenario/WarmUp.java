package io.caskade.lab.scenario;

import io.caskade.Cache;
import io.caskade.lab.source.User;
import io.caskade.warmup.WarmUpResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The cold-start warm-up: before traffic, every instance bulk-loads the hottest keys (the first
 * tenth of the Zipf ranks) with core's warm-up — batch by batch, under the instance's source
 * limits, so the warm-up itself cannot knock the source over.
 */
final class WarmUp {

  static final int BATCH = 100;

  private WarmUp() {}

  /** Warms every instance's cache; returns how many keys ended up loaded across the fleet. */
  static long run(CachedFleet fleet, LabContext context) {
    long hottest = Math.max(1, context.settings().keys() / 10);
    List<Long> keys = new ArrayList<>((int) hottest);
    for (long id = 1; id <= hottest; id++) {
      keys.add(id);
    }
    long loaded = 0;
    for (Cache<Long, User> cache : fleet.caches()) {
      WarmUpResult r = io.caskade.warmup.WarmUp.of(cache).batchSize(BATCH).run(keys);
      loaded += r.loaded() + r.alreadyCached();
    }
    return loaded;
  }
}
