package io.caskade;

import io.caskade.entry.Entry;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of what a cache holds for one key, with the metadata an HTTP layer needs:
 * when it was loaded, how long it stays fresh, its stale windows, its version and its tags.
 * Returned by {@link Cache#entry} and {@link Cache#getEntry}; immutable and thread-safe.
 *
 * <p>The instants are on the cache's clock ({@link io.caskade.time.CacheClock}); {@link #readAt()}
 * is that clock's time when the view was taken, so the remaining times are consistent with it.
 *
 * @param <V> value type
 */
public final class CacheEntry<V> {

  private final V value;
  private final Instant loadedAt;
  private final Instant freshUntil;
  private final Instant staleUntil;
  private final Instant errorUntil;
  private final long version;
  private final Set<String> tags;
  private final Instant readAt;

  private CacheEntry(Entry<V> e, long now) {
    this.value = e.value();
    this.loadedAt = instant(e.loadedAt());
    this.freshUntil = instant(e.freshUntil());
    this.staleUntil = instant(e.staleUntil());
    this.errorUntil = instant(e.errorUntil());
    this.version = e.version();
    this.tags = Set.copyOf(e.tagVersions().keySet());
    this.readAt = instant(now);
  }

  static <V> CacheEntry<V> of(Entry<V> e, long now) {
    return new CacheEntry<>(Objects.requireNonNull(e, "entry"), now);
  }

  private static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(0, epochNanos);
  }

  /** The value; empty when the entry caches the source's "not found". */
  public Optional<V> value() {
    return Optional.ofNullable(value);
  }

  /** True when the entry caches the source's "not found" (negative caching). */
  public boolean isNotFound() {
    return value == null;
  }

  /** When the value was loaded from the source. */
  public Instant loadedAt() {
    return loadedAt;
  }

  /** End of the fresh lifetime. */
  public Instant freshUntil() {
    return freshUntil;
  }

  /** End of the stale-while-revalidate window (never before {@link #freshUntil()}). */
  public Instant staleUntil() {
    return staleUntil;
  }

  /** End of the stale-if-error window (never before {@link #freshUntil()}). */
  public Instant errorUntil() {
    return errorUntil;
  }

  /** A version that changes with every load, shared by every instance (an ETag's source). */
  public long version() {
    return version;
  }

  /** The tags the entry was built under; empty when it has none. */
  public Set<String> tags() {
    return tags;
  }

  /** The cache clock's time when this view was taken. */
  public Instant readAt() {
    return readAt;
  }

  /** How long the entry stays fresh after {@link #readAt()}; zero once stale. */
  public Duration remainingFresh() {
    Duration d = Duration.between(readAt, freshUntil);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** True when {@link #readAt()} is inside the fresh lifetime. */
  public boolean isFresh() {
    return readAt.isBefore(freshUntil);
  }

  /** Length of the stale-while-revalidate window that follows {@link #freshUntil()}. */
  public Duration staleWhileRevalidate() {
    return Duration.between(freshUntil, staleUntil);
  }

  /** Length of the stale-if-error window that follows {@link #freshUntil()}. */
  public Duration staleIfError() {
    return Duration.between(freshUntil, errorUntil);
  }

  @Override
  public String toString() {
    return "CacheEntry{" + (value == null ? "NOT_FOUND" : "value=" + value) + ", version="
        + version + ", loadedAt=" + loadedAt + ", freshUntil=" + freshUntil + ", tags=" + tags
        + '}';
  }
}
