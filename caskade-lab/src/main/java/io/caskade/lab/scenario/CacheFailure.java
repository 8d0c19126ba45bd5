package io.caskade.lab.scenario;

import io.caskade.CacheLoadException;
import io.caskade.tier.TierException;

/** Tells a failed read's cause: the source (a load that failed) or the cache itself (a tier). */
final class CacheFailure {

  private CacheFailure() {}

  /**
   * True when {@code e} is the cache's own fault: anything but a {@link CacheLoadException}, or a
   * load failure whose cause is a tier (Redis) failure rather than the source's.
   */
  static boolean isCacheFault(Throwable e) {
    if (!(e instanceof CacheLoadException)) {
      return true;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof TierException || t.getClass().getName().startsWith("io.lettuce.")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
