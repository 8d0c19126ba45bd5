package io.caskade.entry;

import java.util.Map;
import java.util.Objects;

/**
 * The envelope every tier stores: a value (or the fact that the source has none) with the instants
 * that decide how it may be served.
 *
 * <pre>
 *  loadedAt        freshUntil            staleUntil        errorUntil
 *     |---- fresh ----|-- stale-while-revalidate --|
 *     |---- fresh ----|------------ stale-if-error ---------------|
 * </pre>
 *
 * <ul>
 *   <li>{@code now < freshUntil}: served as is (an early refresh may start in the background);
 *   <li>{@code now < staleUntil}: served stale while one background refresh runs;
 *   <li>{@code now < errorUntil}: served only when a load fails, times out or is rejected.
 * </ul>
 *
 * All instants are {@link io.caskade.time.CacheClock} nanoseconds (since the epoch), so an entry is
 * meaningful on every instance that reads it from a shared tier. Immutable and thread-safe.
 *
 * @param <V> the value type
 */
public final class Entry<V> {

  private final V value;
  private final long loadedAt;
  private final long freshUntil;
  private final long staleUntil;
  private final long errorUntil;
  private final long loadCostNanos;
  private final long version;
  private final Map<String, Long> tagVersions;

  private Entry(V value, long loadedAt, long freshUntil, long staleUntil, long errorUntil,
      long loadCostNanos, long version, Map<String, Long> tagVersions) {
    if (freshUntil < loadedAt) {
      throw new IllegalArgumentException("freshUntil precedes loadedAt");
    }
    if (loadCostNanos < 0) {
      throw new IllegalArgumentException("loadCostNanos must not be negative");
    }
    this.value = value;
    this.loadedAt = loadedAt;
    this.freshUntil = freshUntil;
    this.staleUntil = Math.max(staleUntil, freshUntil);
    this.errorUntil = Math.max(errorUntil, freshUntil);
    this.loadCostNanos = loadCostNanos;
    this.version = version;
    this.tagVersions = tagVersions.isEmpty() ? Map.of() : Map.copyOf(tagVersions);
  }

  /**
   * An entry holding {@code value}, or — when {@code value} is null — the source's "not found".
   *
   * @param staleUntil end of the stale-while-revalidate window (clamped to at least freshUntil)
   * @param errorUntil end of the stale-if-error window (clamped to at least freshUntil)
   */
  public static <V> Entry<V> of(V value, long loadedAt, long freshUntil, long staleUntil,
      long errorUntil, long loadCostNanos, long version, Map<String, Long> tagVersions) {
    return new Entry<>(value, loadedAt, freshUntil, staleUntil, errorUntil, loadCostNanos, version,
        Objects.requireNonNull(tagVersions, "tagVersions"));
  }

  /** The cached value, or null when the entry records that the source has none. */
  public V value() {
    return value;
  }

  /** True when this entry caches the source's "not found" (negative caching). */
  public boolean isNotFound() {
    return value == null;
  }

  public long loadedAt() {
    return loadedAt;
  }

  public long freshUntil() {
    return freshUntil;
  }

  public long staleUntil() {
    return staleUntil;
  }

  public long errorUntil() {
    return errorUntil;
  }

  /** How long the load that produced this entry took: XFetch's delta. */
  public long loadCostNanos() {
    return loadCostNanos;
  }

  /** A version that changes with every load (used for ETags and ordering). */
  public long version() {
    return version;
  }

  /** The versions of this entry's tags when it was loaded; empty when it has no tags. */
  public Map<String, Long> tagVersions() {
    return tagVersions;
  }

  public boolean isFresh(long now) {
    return now < freshUntil;
  }

  /** Usable under stale-while-revalidate: past fresh, not past {@code staleUntil}. */
  public boolean isServableStale(long now) {
    return now < staleUntil;
  }

  /** Usable when a load fails: not past {@code errorUntil}. */
  public boolean isServableOnError(long now) {
    return now < errorUntil;
  }

  /** The last instant at which any tier may still use this entry: where it expires physically. */
  public long expiresAt() {
    return Math.max(staleUntil, errorUntil);
  }

  /** The same entry recorded under other tag versions. */
  public Entry<V> withTagVersions(Map<String, Long> tags) {
    return new Entry<>(value, loadedAt, freshUntil, staleUntil, errorUntil, loadCostNanos, version,
        tags);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Entry)) {
      return false;
    }
    Entry<?> e = (Entry<?>) o;
    return loadedAt == e.loadedAt && freshUntil == e.freshUntil && staleUntil == e.staleUntil
        && errorUntil == e.errorUntil && loadCostNanos == e.loadCostNanos && version == e.version
        && Objects.equals(value, e.value) && tagVersions.equals(e.tagVersions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, loadedAt, freshUntil, staleUntil, errorUntil, loadCostNanos, version,
        tagVersions);
  }

  @Override
  public String toString() {
    return "Entry{" + (value == null ? "NOT_FOUND" : "value=" + value) + ", loadedAt=" + loadedAt
        + ", freshUntil=" + freshUntil + ", staleUntil=" + staleUntil + ", errorUntil="
        + errorUntil + ", loadCostNanos=" + loadCostNanos + ", version=" + version
        + (tagVersions.isEmpty() ? "" : ", tags=" + tagVersions) + '}';
  }
}
