package io.caskade.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the calling thread, for the {@code cpuNanos} counters of the benchmarks' cursors.
 *
 * <p>Why: this project's benchmark machine (2 cores) is shared with builds and test runs, and
 * throughput — operations per wall-clock second — falls whenever another process takes a core.
 * CPU nanoseconds per operation ({@code cpuNanos / ops}, both JMH {@code @AuxCounters}) do not count
 * the time a benchmark thread spends descheduled, so the ratio caskade / raw read from them holds
 * up under load far better than the throughput ratio. Both are reported.
 */
final class ThreadCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ThreadCpu() {}

  static long nanos() {
    return THREADS.getCurrentThreadCpuTime();
  }
}
