package io.caskade.contracts.memory;

import io.caskade.tier.VersionStore;

/** A {@link VersionStore} on a {@link MemoryServer}: counters floored at the clock (nanoseconds). */
final class MemoryVersions implements VersionStore {

  private static final long ORIGIN_EPOCH = System.currentTimeMillis() * 1_000_000L;
  private static final long ORIGIN_NANO = System.nanoTime();

  private final MemoryServer server;

  MemoryVersions(MemoryServer server) {
    this.server = server;
  }

  /** The clock in nanoseconds, to the nanosecond (the cache clock ticks every millisecond). */
  private static long floor() {
    return ORIGIN_EPOCH + System.nanoTime() - ORIGIN_NANO;
  }

  @Override
  public long read(String counter) {
    return server.counters.computeIfAbsent(counter, c -> floor());
  }

  @Override
  public long bump(String counter) {
    return server.counters.merge(counter, floor(),
        (cur, now) -> Math.max(cur + 1, now));
  }
}
