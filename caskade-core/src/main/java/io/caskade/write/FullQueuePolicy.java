package io.caskade.write;

import java.time.Duration;
import java.util.Objects;

/**
 * What a full in-memory write-behind queue does with a write of a key that is not queued yet (a
 * write of a key already queued replaces it and always fits).
 */
public final class FullQueuePolicy {

  /** The three behaviours. */
  public enum Kind {
    /** Wait for room up to a timeout, then fail with {@link QueueFullException}. */
    BLOCK,
    /** Fail at once with {@link QueueFullException}. */
    REJECT,
    /** Write the source in the caller's thread, as write-through would. */
    WRITE_THROUGH
  }

  private static final FullQueuePolicy REJECT = new FullQueuePolicy(Kind.REJECT, Duration.ZERO);
  private static final FullQueuePolicy WRITE_THROUGH =
      new FullQueuePolicy(Kind.WRITE_THROUGH, Duration.ZERO);

  private final Kind kind;
  private final Duration timeout;

  private FullQueuePolicy(Kind kind, Duration timeout) {
    this.kind = kind;
    this.timeout = timeout;
  }

  /** Blocks the writing thread up to {@code timeout} for room, then rejects. */
  public static FullQueuePolicy block(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    return new FullQueuePolicy(Kind.BLOCK, timeout);
  }

  /** Rejects at once with {@link QueueFullException}. */
  public static FullQueuePolicy reject() {
    return REJECT;
  }

  /**
   * Writes the source synchronously (with the write's sequence when the writer is a
   * {@link SequencedWriter}); a failure there is a {@link CacheWriteException}.
   */
  public static FullQueuePolicy writeThrough() {
    return WRITE_THROUGH;
  }

  /** Which behaviour. */
  public Kind kind() {
    return kind;
  }

  /** How long {@link Kind#BLOCK} waits; zero for the others. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return kind == Kind.BLOCK ? "BLOCK(" + timeout + ")" : kind.name();
  }
}
