package io.caskade.audit;

import java.util.concurrent.atomic.LongAdder;

/** The running totals behind {@link DriftAuditStats}. */
final class AuditCounters {

  private final LongAdder audits = new LongAdder();
  private final LongAdder checked = new LongAdder();
  private final LongAdder drifted = new LongAdder();
  private final LongAdder repaired = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private volatile double lastRatio;

  void add(DriftReport<?> report) {
    audits.increment();
    checked.add(report.checked());
    drifted.add(report.drifted());
    repaired.add(report.repaired());
    failed.add(report.failed());
    skipped.add(report.skipped());
    lastRatio = report.ratio();
  }

  DriftAuditStats snapshot() {
    return new DriftAuditStats(audits.sum(), checked.sum(), drifted.sum(), repaired.sum(),
        failed.sum(), skipped.sum(), lastRatio);
  }
}
