package io.caskade.redis.journal;

import io.caskade.write.PendingWrite;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Changes this instance appended to the journal, acknowledged to their callers, that Redis lost
 * before any flusher wrote them: Redis restarted without persistence (or was flushed) while they
 * waited in the stream. The source never got them; the cache has dropped their keys. Delivered
 * once to {@link RedisWriteJournal.Builder#onLostWrites}, after an ERROR log, and counted in
 * {@link io.caskade.write.WriteBehindStats#lostWrites()}.
 *
 * <p>Each instance reports the changes it appended itself. A change another instance's flusher
 * had already taken in hand when Redis restarted is still written by that flusher, but its
 * appender cannot know and reports it too: with several instances the report may count a change
 * that was written after all, never miss one that was not (within {@link #untracked()}).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class LostWrites<K, V> {

  private final String journal;
  private final List<PendingWrite<K, V>> writes;
  private final long untracked;
  private final Instant detectedAt;

  LostWrites(String journal, List<PendingWrite<K, V>> writes, long untracked,
      Instant detectedAt) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.writes = List.copyOf(writes);
    this.untracked = untracked;
    this.detectedAt = detectedAt;
  }

  /** The journal's name. */
  public String journal() {
    return journal;
  }

  /**
   * The lost changes, oldest first, with their values (null: a delete) and sequences: what the
   * application may write again.
   */
  public List<PendingWrite<K, V>> writes() {
    return writes;
  }

  /** How many changes were lost: {@code writes().size()}. */
  public int count() {
    return writes.size();
  }

  /** The distinct keys of the lost changes, in the order of their oldest lost change. */
  public Set<K> keys() {
    Set<K> keys = new LinkedHashSet<>();
    for (PendingWrite<K, V> w : writes) {
      keys.add(w.key());
    }
    return keys;
  }

  /**
   * Changes appended in the lost epoch while this instance already kept track of its limit
   * (100,000 entries): some of them may be lost too, unknown which.
   */
  public long untracked() {
    return untracked;
  }

  /** When the oldest lost change was appended; null when none is known. */
  public Instant firstAppendedAt() {
    return writes.isEmpty() ? null : Instant.ofEpochMilli(writes.get(0).enqueuedAtMillis());
  }

  /** When the newest lost change was appended; null when none is known. */
  public Instant lastAppendedAt() {
    return writes.isEmpty() ? null
        : Instant.ofEpochMilli(writes.get(writes.size() - 1).enqueuedAtMillis());
  }

  /** When this instance found out. */
  public Instant detectedAt() {
    return detectedAt;
  }

  @Override
  public String toString() {
    return "LostWrites{" + journal + ", " + count() + " changes of " + keys().size() + " keys"
        + (untracked > 0 ? ", up to " + untracked + " more untracked" : "") + ", appended "
        + firstAppendedAt() + " .. " + lastAppendedAt() + '}';
  }
}
