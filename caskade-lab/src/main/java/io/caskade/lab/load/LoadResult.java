package io.caskade.lab.load;

import java.util.List;

/**
 * What a run measured.
 *
 * @param requests requests completed (successes and errors)
 * @param errors requests that failed
 * @param elapsedSeconds how long the run lasted
 * @param p50Micros median request latency
 * @param p99Micros 99th percentile request latency
 * @param p999Micros 99.9th percentile request latency
 * @param maxMicros slowest request
 * @param counters the probe's counters over the run (end minus start)
 * @param peakSourceQueriesPerSecond the busiest sampling interval's source queries per second
 * @param peakSourceWaiting the most callers seen queued for a database connection
 * @param timeline one point per sampling interval
 */
public record LoadResult(long requests, long errors, double elapsedSeconds, long p50Micros,
    long p99Micros, long p999Micros, long maxMicros, Counters counters, double peakSourceQueriesPerSecond,
    int peakSourceWaiting, List<TimelinePoint> timeline) {

  public LoadResult {
    timeline = List.copyOf(timeline);
  }
}
