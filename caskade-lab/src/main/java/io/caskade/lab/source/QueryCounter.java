package io.caskade.lab.source;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What reached the source — the lab's key number. Counts every query run (in total and per
 * second since the counter was made), every caller the overloaded pool turned away, and how long
 * callers queued for a connection. Thread-safe.
 */
public final class QueryCounter {

  private static final int MAX_SECONDS = 24 * 3600;

  private final long startNanos = System.nanoTime();
  private final LongAdder queries = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder rowsWritten = new LongAdder();
  private final AtomicLongArray perSecond = new AtomicLongArray(MAX_SECONDS);
  private final Recorder queueWait = new Recorder(3);
  private final Histogram queueWaitTotal = new Histogram(3);

  QueryCounter() {}

  void queryRan() {
    queries.increment();
    int second = (int) Math.min(MAX_SECONDS - 1,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos));
    perSecond.incrementAndGet(second);
  }

  void wrote(long rows) {
    writes.increment();
    rowsWritten.add(rows);
  }

  void rejected() {
    rejected.increment();
  }

  void failed() {
    failed.increment();
  }

  void queued(long nanos) {
    queueWait.recordValue(Math.max(0, nanos / 1_000));
  }

  /** Queries that reached the database since this counter was made. */
  public long queries() {
    return queries.sum();
  }

  /**
   * Queries among {@link #queries()} that wrote (an update, an insert, or one batch of updates),
   * whether or not they changed a row.
   */
  public long writes() {
    return writes.sum();
  }

  /** Rows those writes changed. */
  public long rowsWritten() {
    return rowsWritten.sum();
  }

  /** Callers turned away because no connection came free within the queue timeout. */
  public long rejections() {
    return rejected.sum();
  }

  /** Queries that reached the database and failed there. */
  public long failures() {
    return failed.sum();
  }

  /** The most queries run in any one wall-clock second since this counter was made. */
  public long peakPerSecond() {
    long peak = 0;
    int last = lastSecond();
    for (int i = 0; i <= last; i++) {
      peak = Math.max(peak, perSecond.get(i));
    }
    return peak;
  }

  /** Queries per second, one element per second since this counter was made. */
  public long[] perSecond() {
    long[] out = new long[lastSecond() + 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = perSecond.get(i);
    }
    return out;
  }

  /** The 99th percentile of time callers queued for a connection, in microseconds. */
  public synchronized long queueWaitP99Micros() {
    queueWaitTotal.add(queueWait.getIntervalHistogram());
    return queueWaitTotal.getValueAtPercentile(99);
  }

  private int lastSecond() {
    return (int) Math.min(MAX_SECONDS - 1,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos));
  }
}
