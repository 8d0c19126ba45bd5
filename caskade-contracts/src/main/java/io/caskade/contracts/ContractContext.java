package io.caskade.contracts;

import io.caskade.tier.TierContext;
import io.caskade.time.CacheClock;
import java.util.Objects;
import java.util.UUID;

/**
 * The {@link TierContext} the suites bind parts with: a cache name, the system clock and a
 * namespace generation the test moves by hand ({@link #generation(long)}).
 */
public final class ContractContext implements TierContext {

  private final String cache;
  private final CacheClock clock;
  private volatile long generation;

  /** A context for {@code cache} at generation {@code generation}, on the system clock. */
  public ContractContext(String cache, long generation) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.clock = CacheClock.system();
    this.generation = generation;
  }

  /** A context for a fresh cache name ({@link #uniqueCacheName}) at generation 1. */
  public static ContractContext fresh() {
    return new ContractContext(uniqueCacheName(), 1);
  }

  /** A cache name no other test uses: {@code contract-} and 12 random hex digits. */
  public static String uniqueCacheName() {
    return "contract-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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
    return generation;
  }

  @Override
  public long knownGeneration() {
    return generation;
  }

  /** Moves the namespace generation (as a bump seen by the composed tier would). */
  public void generation(long generation) {
    this.generation = generation;
  }
}
