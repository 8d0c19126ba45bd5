package io.caskade.tier;

import io.caskade.time.CacheClock;

/**
 * What a composed tier tells its parts about the cache they serve (see {@link TierStore#bind}),
 * so that nothing has to be configured twice or match by hand.
 */
public interface TierContext {

  /** The cache's name: the prefix of every key the parts write. */
  String cache();

  /** The cache's clock; entries' instants are on it. */
  CacheClock clock();

  /**
   * The cache's current namespace generation, part of every key: read from the
   * {@link VersionStore} and cached (re-read at least every refresh interval, learnt earlier from
   * the bus). Never goes back.
   *
   * @throws TierException when the version store cannot be asked and no generation is known yet
   */
  long generation();

  /** The generation last known without asking the version store; -1 while unknown. */
  long knownGeneration();
}
