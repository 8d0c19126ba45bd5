package io.caskade.cdc.postgres;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.postgresql.replication.LogSequenceNumber;

/** The counters behind {@link CdcStats}; written by the streaming thread, read by anyone. */
final class InvalidationCounters {

  private final LongAdder transactions = new LongAdder();
  private final LongAdder changes = new LongAdder();
  private final LongAdder invalidations = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder delayedTransactions = new LongAdder();
  private final LongAdder delayNanosSum = new LongAdder();
  private final AtomicLong lastDelayNanos = new AtomicLong();
  private final AtomicLong maxDelayNanos = new AtomicLong();
  private final AtomicLong confirmed = new AtomicLong();
  private volatile boolean streaming;

  void streaming(boolean on) {
    streaming = on;
  }

  void transaction() {
    transactions.increment();
  }

  void change() {
    changes.increment();
  }

  void error() {
    errors.increment();
  }

  void applied(long n, Instant commitTime) {
    invalidations.add(n);
    Duration d = Duration.between(commitTime, Instant.now());
    long nanos = Math.max(0, d.toNanos());
    lastDelayNanos.set(nanos);
    maxDelayNanos.accumulateAndGet(nanos, Math::max);
    delayNanosSum.add(nanos);
    delayedTransactions.increment();
  }

  long confirmed() {
    return confirmed.get();
  }

  void confirmed(long lsn) {
    confirmed.set(lsn);
  }

  CdcStats snapshot(SlotStatus slot) {
    long n = delayedTransactions.sum();
    return new CdcStats(streaming, transactions.sum(), changes.sum(), invalidations.sum(),
        errors.sum(), LogSequenceNumber.valueOf(confirmed.get()).asString(),
        Duration.ofNanos(lastDelayNanos.get()), Duration.ofNanos(maxDelayNanos.get()),
        Duration.ofNanos(n == 0 ? 0 : delayNanosSum.sum() / n), slot);
  }
}
