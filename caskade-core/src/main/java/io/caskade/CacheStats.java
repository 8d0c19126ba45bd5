package io.caskade;

import io.caskade.metrics.CacheEventType;
import java.util.EnumMap;
import java.util.Map;

/**
 * A point-in-time snapshot of a cache's counters: one count per {@link CacheEventType}, plus the
 * time spent in loads by outcome. Immutable.
 */
public final class CacheStats {

  private final long[] counts;
  private final long[] nanos;

  CacheStats(long[] counts, long[] nanos) {
    this.counts = counts.clone();
    this.nanos = nanos.clone();
  }

  /** How many times {@code type} happened. */
  public long count(CacheEventType type) {
    return counts[type.ordinal()];
  }

  public long l1Hits() {
    return count(CacheEventType.L1_HIT);
  }

  public long l2Hits() {
    return count(CacheEventType.L2_HIT);
  }

  public long misses() {
    return count(CacheEventType.MISS);
  }

  /** Loads that reached the loader (successes, not-founds and failures). */
  public long loads() {
    return count(CacheEventType.LOAD_SUCCESS) + count(CacheEventType.LOAD_NOT_FOUND)
        + count(CacheEventType.LOAD_FAILURE);
  }

  /** Stale values served, under stale-while-revalidate and stale-if-error together. */
  public long staleServed() {
    return count(CacheEventType.STALE_SERVED_SWR) + count(CacheEventType.STALE_SERVED_SIE);
  }

  /** Requests kept from the source by the bloom guard and by negative entries. */
  public long penetrationBlocked() {
    return count(CacheEventType.BLOOM_BLOCKED) + count(CacheEventType.NEGATIVE_HIT);
  }

  /** Total nanoseconds spent in loads. */
  public long totalLoadNanos() {
    return loadNanos(CacheEventType.LOAD_SUCCESS) + loadNanos(CacheEventType.LOAD_NOT_FOUND)
        + loadNanos(CacheEventType.LOAD_FAILURE);
  }

  /** Nanoseconds spent in loads that ended as {@code outcome} (one of the {@code LOAD_*} types). */
  public long loadNanos(CacheEventType outcome) {
    return nanos[outcome.ordinal()];
  }

  /** Hits (L1 and L2) over lookups; 0 when nothing was looked up. */
  public double hitRatio() {
    long hits = l1Hits() + l2Hits();
    long total = hits + misses();
    return total == 0 ? 0.0 : (double) hits / total;
  }

  /** Every count by type. */
  public Map<CacheEventType, Long> asMap() {
    Map<CacheEventType, Long> map = new EnumMap<>(CacheEventType.class);
    for (CacheEventType t : CacheEventType.values()) {
      map.put(t, counts[t.ordinal()]);
    }
    return map;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("CacheStats{");
    for (CacheEventType t : CacheEventType.values()) {
      if (counts[t.ordinal()] != 0) {
        sb.append(t).append('=').append(counts[t.ordinal()]).append(", ");
      }
    }
    return sb.append("loadNanos=").append(totalLoadNanos()).append('}').toString();
  }
}
