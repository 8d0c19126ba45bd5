package io.caskade.warmup;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a warm-up did. Every distinct key asked for lands in exactly one bucket, so
 * {@code loaded + notFound + failed + alreadyCached == requested}.
 *
 * @param requested distinct keys asked for
 * @param loaded keys the source returned a value for (now cached)
 * @param notFound keys the source does not have (cached as not found) or the bloom guard ruled out
 * @param failed keys whose load failed: a failed batch, or a value only served from stale-if-error
 * @param alreadyCached keys that were already cached (in L1 or L2) and were not loaded
 * @param batches batches that needed the source
 * @param failedBatches of those, batches whose load failed (counted, never fatal)
 * @param elapsed how long the warm-up took
 * @param lastFailure the last batch failure, if any
 */
public record WarmUpResult(long requested, long loaded, long notFound, long failed,
    long alreadyCached, long batches, long failedBatches, Duration elapsed,
    Optional<Throwable> lastFailure) {

  /** Checks the counts add up. */
  public WarmUpResult {
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(lastFailure, "lastFailure");
    if (loaded + notFound + failed + alreadyCached != requested) {
      throw new IllegalArgumentException("counts do not add up to " + requested);
    }
  }

  /** A warm-up of nothing. */
  public static WarmUpResult empty() {
    return new WarmUpResult(0, 0, 0, 0, 0, 0, 0, Duration.ZERO, Optional.empty());
  }

  /** True when no key failed. */
  public boolean isComplete() {
    return failed == 0;
  }

  @Override
  public String toString() {
    return "WarmUpResult{requested=" + requested + ", loaded=" + loaded + ", notFound=" + notFound
        + ", failed=" + failed + ", alreadyCached=" + alreadyCached + ", batches=" + batches
        + ", failedBatches=" + failedBatches + ", elapsed=" + elapsed.toMillis() + "ms}";
  }
}
