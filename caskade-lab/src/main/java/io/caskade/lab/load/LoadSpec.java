package io.caskade.lab.load;

import java.time.Duration;
import java.util.Objects;

/**
 * How much load to send.
 *
 * @param clients closed-loop client threads, spread round-robin over the instances
 * @param duration the run stops after this long
 * @param maxRequests ... or after this many requests, whichever comes first
 * @param seed seeds every client's key chooser (client i uses seed + i)
 * @param sampleInterval how often the timeline is sampled
 * @param thinkTime each client's pause between a response and its next request (the work an
 *     application does between reads); zero for none
 */
public record LoadSpec(int clients, Duration duration, long maxRequests, long seed,
    Duration sampleInterval, Duration thinkTime) {

  public LoadSpec {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(sampleInterval, "sampleInterval");
    Objects.requireNonNull(thinkTime, "thinkTime");
    if (thinkTime.isNegative()) {
      throw new IllegalArgumentException("thinkTime must not be negative: " + thinkTime);
    }
    if (clients <= 0) {
      throw new IllegalArgumentException("clients must be positive: " + clients);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive: " + duration);
    }
    if (maxRequests <= 0) {
      throw new IllegalArgumentException("maxRequests must be positive: " + maxRequests);
    }
    if (sampleInterval.toMillis() < 10) {
      throw new IllegalArgumentException("sampleInterval must be at least 10ms: " + sampleInterval);
    }
  }

  /** A spec sampling once a second, or 20 times per run for runs shorter than 20 seconds. */
  public static LoadSpec of(int clients, Duration duration, long maxRequests, long seed,
      Duration thinkTime) {
    long millis = Math.max(50, Math.min(1_000, duration.toMillis() / 20));
    return new LoadSpec(clients, duration, maxRequests, seed, Duration.ofMillis(millis),
        thinkTime);
  }
}
