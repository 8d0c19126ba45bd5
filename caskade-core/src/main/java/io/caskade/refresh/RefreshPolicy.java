package io.caskade.refresh;

import io.caskade.entry.Entry;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Decides, on a fresh hit, whether to refresh the entry in the background before it expires. The
 * refresh itself is single-flight (one per key per instance) and runs on the cache's bounded
 * refresh pool, so a policy only answers "now or not yet".
 *
 * <p>Built-in: {@link #none()}, {@link #xfetch(double, Random)} (probabilistic early refresh),
 * {@link #ahead(Duration)} (a fixed window before expiry) and {@link #anyOf} to combine them. A
 * custom policy (e.g. refresh entries that came from a fallback source) implements this interface
 * and is set with {@code CacheBuilder.refreshPolicy(policy)}. Implementations must be thread-safe,
 * and should be allocation-free: they run on the hit path.
 */
public interface RefreshPolicy {

  /** Whether a hit at {@code now} on the fresh {@code entry} should start a background refresh. */
  boolean shouldRefresh(Entry<?> entry, long now);

  /** True when this policy never refreshes: the hit path then skips asking it. */
  default boolean isOff() {
    return false;
  }

  /** Never refreshes early. */
  static RefreshPolicy none() {
    return EarlyRefresh.OFF;
  }

  /**
   * XFetch with factor {@code beta} (1.0 is the paper's default; 0 = off).
   *
   * @param seeded a fixed random source for reproducible runs, or null for thread-local randomness
   */
  static RefreshPolicy xfetch(double beta, Random seeded) {
    return EarlyRefresh.of(beta, Duration.ZERO, seeded);
  }

  /** Refresh every hit within {@code window} before expiry (zero = off). */
  static RefreshPolicy ahead(Duration window) {
    return EarlyRefresh.of(0, Objects.requireNonNull(window, "window"), null);
  }

  /** Refreshes when any of {@code policies} says so; off when all are. */
  static RefreshPolicy anyOf(RefreshPolicy... policies) {
    RefreshPolicy[] on = java.util.Arrays.stream(policies).map(p -> Objects.requireNonNull(p,
        "policy")).filter(p -> !p.isOff()).toArray(RefreshPolicy[]::new);
    if (on.length == 0) {
      return none();
    }
    if (on.length == 1) {
      return on[0];
    }
    return (entry, now) -> {
      for (RefreshPolicy p : on) {
        if (p.shouldRefresh(entry, now)) {
          return true;
        }
      }
      return false;
    };
  }
}
