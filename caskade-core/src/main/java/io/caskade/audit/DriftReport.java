package io.caskade.audit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one drift audit.
 *
 * @param checked sampled keys whose cached answer was compared with a fresh load
 * @param drifted of those, keys whose cached answer no longer matches the source (a value that
 *     changed, a value the source no longer has, or a cached "not found" the source now has)
 * @param driftedKeys the drifted keys, hottest sample first
 * @param ratio {@code drifted / checked}; 0 when nothing was checked
 * @param repaired drifted keys invalidated by this audit (0 unless repair is on)
 * @param failed sampled keys whose reload failed (not checked)
 * @param skipped sampled keys that left the cache or changed while being audited (not checked)
 * @param elapsed how long the audit took
 * @param <K> key type
 */
public record DriftReport<K>(long checked, long drifted, List<K> driftedKeys, double ratio,
    long repaired, long failed, long skipped, Duration elapsed) {

  /** Copies the key list and checks the counts. */
  public DriftReport {
    driftedKeys = List.copyOf(driftedKeys);
    Objects.requireNonNull(elapsed, "elapsed");
    if (drifted != driftedKeys.size() || drifted > checked) {
      throw new IllegalArgumentException("drifted must be the number of drifted keys, <= checked");
    }
  }

  /** True when some key drifted. */
  public boolean hasDrift() {
    return drifted > 0;
  }
}
