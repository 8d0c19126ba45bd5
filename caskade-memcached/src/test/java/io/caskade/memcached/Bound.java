package io.caskade.memcached;

import io.caskade.tier.TierContext;
import io.caskade.time.CacheClock;
import java.util.concurrent.atomic.AtomicLong;

/** A context for a store used without a cache: a fixed name, a given clock, a settable generation. */
final class Bound implements TierContext {

  private final String cache;
  private final CacheClock clock;
  final AtomicLong generation = new AtomicLong(1);

  Bound(String cache, CacheClock clock) {
    this.cache = cache;
    this.clock = clock;
  }

  @Override
  public String cache() {
    return cache;
  }

  @Override
  public CacheClock clock() {
    return clock;
  }

  @Override
  public long generation() {
    return generation.get();
  }

  @Override
  public long knownGeneration() {
    return generation.get();
  }
}
