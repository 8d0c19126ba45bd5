package io.caskade.lab.scenario;

import io.caskade.lab.source.UserRepository;

/** Adds how hard the source was pressed to a result (the saturation fields). */
final class SourceLoad {

  private SourceLoad() {}

  /**
   * Adds {@code sourceRejected} (callers that waited out the queue timeout),
   * {@code sourceQueueP99Micros} (time queued for a connection), {@code sourcePeakWaiting} and
   * {@code sourceUtilization} (queries run over what the pool can run in the time).
   */
  static void describe(ScenarioResult result, UserRepository repository, LabContext context) {
    var settings = context.settings();
    double capacityPerSecond = settings.sourceLatency().toNanos() <= 0 ? Double.POSITIVE_INFINITY
        : settings.sourceCapacity() * 1e9 / settings.sourceLatency().toNanos();
    double utilization = result.elapsedSeconds() <= 0 ? 0
        : result.sourceQueries() / (capacityPerSecond * result.elapsedSeconds());
    result.with("sourceRejected", repository.counter().rejections())
        .with("sourceQueueP99Micros", repository.counter().queueWaitP99Micros())
        .with("sourcePeakWaiting", result.peakSourceWaiting())
        .with("sourceUtilization", Math.round(Math.min(1.0, utilization) * 1000) / 1000.0);
  }
}
