package io.caskade.write;

import java.time.Instant;
import java.util.Objects;

/**
 * A change the flusher gave up on after its maximum number of attempts. It can be listed and
 * re-driven (queued again with its original sequence, so it still loses to any newer write of the
 * key).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class DeadLetter<K, V> {

  private final String id;
  private final PendingWrite<K, V> write;
  private final int attempts;
  private final String error;
  private final Instant deadAt;

  /** A dead letter stored under {@code id} in its queue. */
  public DeadLetter(String id, PendingWrite<K, V> write, int attempts, String error,
      Instant deadAt) {
    this.id = Objects.requireNonNull(id, "id");
    this.write = Objects.requireNonNull(write, "write");
    this.attempts = attempts;
    this.error = error;
    this.deadAt = Objects.requireNonNull(deadAt, "deadAt");
  }

  /** The dead letter's id in its queue (used to re-drive or drop it). */
  public String id() {
    return id;
  }

  /** The change that could not be applied. */
  public PendingWrite<K, V> write() {
    return write;
  }

  /** The key of the change. */
  public K key() {
    return write.key();
  }

  /** How many times the writer was tried. */
  public int attempts() {
    return attempts;
  }

  /** The last failure, as text. */
  public String error() {
    return error;
  }

  /** When the flusher gave up. */
  public Instant deadAt() {
    return deadAt;
  }

  @Override
  public String toString() {
    return "DeadLetter{" + id + ", " + write + ", attempts=" + attempts + ", " + error + '}';
  }
}
