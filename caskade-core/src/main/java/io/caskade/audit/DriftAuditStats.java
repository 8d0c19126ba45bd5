package io.caskade.audit;

/**
 * Counters of a {@link DriftAudit} since it was built (a snapshot; see {@link DriftAuditMetrics}
 * for Micrometer).
 *
 * @param audits audits run
 * @param checked keys checked over all audits
 * @param drifted drifted keys found over all audits
 * @param repaired drifted keys invalidated
 * @param failed keys whose reload failed
 * @param skipped keys that left or changed during an audit
 * @param lastRatio the drift ratio of the last audit (0 before the first)
 */
public record DriftAuditStats(long audits, long checked, long drifted, long repaired,
    long failed, long skipped, double lastRatio) {
}
