package io.caskade.lab.scenario;

/**
 * The cold-start warm-up variant's hook.
 *
 * <p>TODO(issue 5, warm-up): bulk-load the hottest keys into every instance under the source
 * limits before traffic starts, with core's warm-up once it exists. Until then
 * {@link #available()} is false and {@code cold-start/warm-up} is not offered.
 */
final class WarmUp {

  private WarmUp() {}

  static boolean available() {
    return false;
  }

  static void run(CachedFleet fleet, LabContext context) {
    throw new UnsupportedOperationException("warm-up arrives with issue 5");
  }
}
