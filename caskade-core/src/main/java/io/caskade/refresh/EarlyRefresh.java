package io.caskade.refresh;

import io.caskade.entry.Entry;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The built-in {@link RefreshPolicy}: XFetch, refresh-ahead, or both.
 *
 * <ul>
 *   <li><b>XFetch</b> (Vattani, Chierichetti, Lowenstein, "Optimal Probabilistic Cache Stampede
 *       Prevention", VLDB 2015): refresh when {@code now - loadCost * beta * ln(rand) >= freshUntil}
 *       with {@code rand} uniform in (0, 1]. The probability at a distance {@code gap} before
 *       expiry is {@code exp(-gap / (loadCost * beta))}: expensive entries refresh earlier, and
 *       only rarely far from expiry, so exactly-at-expiry herds do not form.
 *   <li><b>Refresh-ahead</b>: refresh every hit within a fixed window before expiry (the background
 *       refresh itself is single-flight, so a hot key causes one load).
 * </ul>
 *
 * Allocation-free; thread-safe.
 */
public final class EarlyRefresh implements RefreshPolicy {

  static final EarlyRefresh OFF = new EarlyRefresh(0, 0, null);

  private final double beta;
  private final long aheadNanos;
  private final Random seeded;

  private EarlyRefresh(double beta, long aheadNanos, Random seeded) {
    this.beta = beta;
    this.aheadNanos = aheadNanos;
    this.seeded = seeded;
  }

  /**
   * A policy with XFetch factor {@code beta} (0 = off) and a refresh-ahead window (zero = off).
   *
   * @param seeded a fixed random source for reproducible runs, or null for thread-local randomness
   */
  public static EarlyRefresh of(double beta, Duration refreshAhead, Random seeded) {
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be a finite number >= 0: " + beta);
    }
    if (beta == 0 && refreshAhead.isZero()) {
      return OFF;
    }
    return new EarlyRefresh(beta, refreshAhead.toNanos(), seeded);
  }

  /** True when neither XFetch nor refresh-ahead is on. */
  @Override
  public boolean isOff() {
    return beta == 0 && aheadNanos == 0;
  }

  /** Whether a hit at {@code now} on the fresh {@code entry} should start a background refresh. */
  @Override
  public boolean shouldRefresh(Entry<?> entry, long now) {
    if (aheadNanos > 0 && now >= entry.freshUntil() - aheadNanos) {
      return true;
    }
    if (beta > 0 && entry.loadCostNanos() > 0) {
      double rand = 1.0 - (seeded != null ? seeded.nextDouble() : ThreadLocalRandom.current().nextDouble());
      return now - entry.loadCostNanos() * beta * Math.log(rand) >= entry.freshUntil();
    }
    return false;
  }

  /** The XFetch probability of a refresh at {@code gapNanos} before expiry (for tests and docs). */
  public static double xfetchProbability(long gapNanos, long loadCostNanos, double beta) {
    if (gapNanos <= 0) {
      return 1.0;
    }
    return Math.exp(-(double) gapNanos / (loadCostNanos * beta));
  }
}
