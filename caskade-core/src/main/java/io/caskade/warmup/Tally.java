package io.caskade.warmup;

import java.time.Duration;
import java.util.Optional;

/** The running counts of one warm-up (single-threaded: the warm-up runs on its caller). */
final class Tally {

  private final long total;
  long loaded;
  long notFound;
  long failed;
  long alreadyCached;
  long batches;
  long failedBatches;
  private Throwable lastFailure;

  Tally(long total) {
    this.total = total;
  }

  void batchFailed(int keys, Throwable cause) {
    failed += keys;
    failedBatches++;
    lastFailure = cause;
  }

  WarmUpProgress progress() {
    return new WarmUpProgress(loaded + notFound + failed + alreadyCached, total, loaded, notFound,
        failed, alreadyCached);
  }

  WarmUpResult result(Duration elapsed) {
    return new WarmUpResult(total, loaded, notFound, failed, alreadyCached, batches,
        failedBatches, elapsed, Optional.ofNullable(lastFailure));
  }
}
