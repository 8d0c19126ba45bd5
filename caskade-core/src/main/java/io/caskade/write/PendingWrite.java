package io.caskade.write;

import java.util.Objects;
import java.util.Optional;

/**
 * One queued change of a key: a write of {@link #value()} or, when the value is null, a delete,
 * with its per-key {@link #seq() sequence}, the time it was queued and the queue's receipt (what
 * the queue needs to acknowledge it, e.g. a stream entry id; null when it needs nothing).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class PendingWrite<K, V> {

  private final K key;
  private final V value;
  private final long seq;
  private final long enqueuedAtMillis;
  private final String receipt;

  /** A change of {@code key}: {@code value}, or a delete when null. */
  public PendingWrite(K key, V value, long seq, long enqueuedAtMillis, String receipt) {
    this.key = Objects.requireNonNull(key, "key");
    this.value = value;
    this.seq = seq;
    this.enqueuedAtMillis = enqueuedAtMillis;
    this.receipt = receipt;
  }

  /** The key. */
  public K key() {
    return key;
  }

  /** The new value, or null for a delete. */
  public V value() {
    return value;
  }

  /** True when this change deletes the key. */
  public boolean isDelete() {
    return value == null;
  }

  /** The value as read-your-writes sees it: empty for a delete. */
  public Optional<V> asOptional() {
    return Optional.ofNullable(value);
  }

  /** The per-key sequence (see {@link WriteSequence}); a higher one is newer. */
  public long seq() {
    return seq;
  }

  /** When the change was queued, epoch milliseconds. */
  public long enqueuedAtMillis() {
    return enqueuedAtMillis;
  }

  /** The queue's handle for acknowledging this change, or null. */
  public String receipt() {
    return receipt;
  }

  /** The same change with another enqueue time (coalescing keeps the oldest). */
  PendingWrite<K, V> enqueuedAt(long millis) {
    return new PendingWrite<>(key, value, seq, millis, receipt);
  }

  @Override
  public String toString() {
    return (value == null ? "delete " + key : key + "=" + value) + " #" + seq
        + (receipt == null ? "" : " @" + receipt);
  }
}
