package io.caskade.lab.scenario;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the database committed, per key — version and commit time, recorded by the writer when the
 * commit returned — and the staleness of every read checked against it. A read that started at
 * {@code t} is stale when it returned a version older than the newest committed before {@code t};
 * it is stale by {@code t} minus the commit time of the first version newer than the one it got.
 * Each key has one writer, so a key's versions are committed in order.
 */
final class CommitLog {

  private final Map<Long, KeyLog> keys = new ConcurrentHashMap<>();
  private final LongAdder reads = new LongAdder();
  private final LongAdder stale100ms = new LongAdder();
  private final LongAdder stale1s = new LongAdder();
  private final LongAdder stale5s = new LongAdder();
  private final AtomicLong maxStaleNanos = new AtomicLong();

  /** The next version of {@code key} (rows start at version 1). Its one writer calls this. */
  long nextVersion(long key) {
    return log(key).last() + 1;
  }

  /** Records that {@code version} of {@code key} was committed at {@code nanos}. */
  void committed(long key, long version, long nanos) {
    log(key).append(version, nanos);
  }

  /** Checks a read of {@code key} that started at {@code startNanos} and returned {@code version}. */
  void read(long key, long version, long startNanos) {
    reads.increment();
    KeyLog log = keys.get(key);
    if (log == null) {
      return;
    }
    long staleNanos = log.staleness(version, startNanos);
    if (staleNanos <= TimeUnit.MILLISECONDS.toNanos(100)) {
      return;
    }
    stale100ms.increment();
    maxStaleNanos.accumulateAndGet(staleNanos, Math::max);
    if (staleNanos > TimeUnit.SECONDS.toNanos(1)) {
      stale1s.increment();
    }
    if (staleNanos > TimeUnit.SECONDS.toNanos(5)) {
      stale5s.increment();
    }
  }

  /** The newest version committed for {@code key}, or 1 (the seeded row) when none was. */
  long newest(long key) {
    KeyLog log = keys.get(key);
    return log == null ? 1 : log.last();
  }

  /** Keys written at least once. */
  java.util.Set<Long> writtenKeys() {
    return keys.keySet();
  }

  long reads() {
    return reads.sum();
  }

  long staleReads100ms() {
    return stale100ms.sum();
  }

  long staleReads1s() {
    return stale1s.sum();
  }

  long staleReads5s() {
    return stale5s.sum();
  }

  long maxStaleMillis() {
    return TimeUnit.NANOSECONDS.toMillis(maxStaleNanos.get());
  }

  /** −log10(stale reads at 1 s / reads), 9 when there were none; two decimals. */
  double ninesAt1s() {
    return nines(staleReads1s(), reads());
  }

  /** log10(reads), two decimals: with no stale read, the most nines this run can vouch for. */
  double ninesResolution() {
    long n = reads();
    return n == 0 ? 0 : Math.round(Math.log10(n) * 100) / 100.0;
  }

  static double nines(long stale, long reads) {
    if (stale == 0 || reads == 0) {
      return 9.0;
    }
    return Math.min(9.0, Math.round(-Math.log10((double) stale / reads) * 100) / 100.0);
  }

  private KeyLog log(long key) {
    return keys.computeIfAbsent(key, k -> new KeyLog());
  }

  /** One key's commits, in version order. */
  private static final class KeyLog {
    private long[] versions = new long[8];
    private long[] commits = new long[8];
    private int size;

    synchronized long last() {
      return size == 0 ? 1 : versions[size - 1];
    }

    synchronized void append(long version, long nanos) {
      if (size == versions.length) {
        versions = Arrays.copyOf(versions, size * 2);
        commits = Arrays.copyOf(commits, size * 2);
      }
      versions[size] = version;
      commits[size] = nanos;
      size++;
    }

    /** How long {@code version} had been superseded when a read started at {@code start}; ≤ 0 if fresh. */
    synchronized long staleness(long version, long start) {
      int newest = size - 1;
      while (newest >= 0 && commits[newest] - start >= 0) {
        newest--;  // committed after the read began: not owed to this read
      }
      if (newest < 0 || versions[newest] <= version) {
        return 0;
      }
      int first = newest;
      while (first > 0 && versions[first - 1] > version) {
        first--;
      }
      return start - commits[first];
    }
  }
}
