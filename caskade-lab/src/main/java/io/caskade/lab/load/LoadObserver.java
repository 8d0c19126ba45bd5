package io.caskade.lab.load;

/** Sees each timeline point as the run goes (progress bars, scenario events). */
@FunctionalInterface
public interface LoadObserver {

  /**
   * Called on the sampler thread after each interval.
   *
   * @param point the interval just measured
   * @param done how far the run is, 0 to 1 (by time or by request budget, whichever is ahead)
   */
  void onSample(TimelinePoint point, double done);

  /** Does nothing. */
  LoadObserver NONE = (point, done) -> {};
}
