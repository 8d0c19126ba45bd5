package io.caskade.lab.load;

/**
 * One sampling interval of a run, rates normalised to per second.
 *
 * @param second seconds since the run started, at the end of the interval
 * @param requestsPerSecond requests completed
 * @param sourceQueriesPerSecond queries that reached the source
 * @param p99Micros 99th percentile request latency in the interval
 * @param l1HitRatio share of the interval's requests answered by L1
 * @param l2HitRatio share of the requests that reached L2 answered there
 * @param errorsPerSecond requests that failed
 * @param sourceWaiting callers queued for a database connection at the end of the interval
 */
public record TimelinePoint(double second, double requestsPerSecond,
    double sourceQueriesPerSecond, double p99Micros, double l1HitRatio, double l2HitRatio,
    double errorsPerSecond, int sourceWaiting) {}
