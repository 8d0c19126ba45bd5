package io.caskade.write;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: {@code min(max, base × 2^(n-1)) × (1 - jitter × rnd)}. */
final class Backoff {

  private final long baseMillis;
  private final long maxMillis;
  private final double jitter;

  Backoff(Duration base, Duration max, double jitter) {
    this.baseMillis = base.toMillis();
    this.maxMillis = max.toMillis();
    this.jitter = jitter;
  }

  /** The pause after the {@code failures}-th failed attempt (1 for the first). */
  long delayMillis(int failures) {
    int shift = Math.min(Math.max(failures - 1, 0), 30);
    long exp = Math.min(maxMillis, baseMillis << shift);
    if (exp < 0) {
      exp = maxMillis;
    }
    double factor = 1 - jitter * ThreadLocalRandom.current().nextDouble();
    return Math.round(exp * factor);
  }
}
