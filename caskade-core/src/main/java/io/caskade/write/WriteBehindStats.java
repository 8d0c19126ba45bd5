package io.caskade.write;

import java.time.Duration;

/**
 * A snapshot of a write-behind queue.
 *
 * @param depth changes queued and not yet committed to the source (after coalescing)
 * @param lag age of the oldest change not yet committed; zero when nothing is pending
 * @param enqueued writes and deletes accepted
 * @param coalesced changes replaced by a newer change of the same key before being written
 * @param batches calls to the writer (successful or not)
 * @param written changes committed to the source
 * @param retries attempts after the first one
 * @param deadLetters changes given up on
 * @param rejected writes refused because the queue was full or closed
 * @param writtenThrough writes a full queue wrote synchronously ({@link FullQueuePolicy#writeThrough()})
 * @param lostWrites accepted changes the queue lost before they were written, and reported (a
 *     durable journal whose Redis restarted empty); always zero for the in-memory queue, whose
 *     losses happen with the process
 */
public record WriteBehindStats(long depth, Duration lag, long enqueued, long coalesced,
    long batches, long written, long retries, long deadLetters, long rejected,
    long writtenThrough, long lostWrites) {

  /** A snapshot without lost writes. */
  public WriteBehindStats(long depth, Duration lag, long enqueued, long coalesced, long batches,
      long written, long retries, long deadLetters, long rejected, long writtenThrough) {
    this(depth, lag, enqueued, coalesced, batches, written, retries, deadLetters, rejected,
        writtenThrough, 0);
  }

  /** This snapshot with the counts kept on the enqueue side added. */
  public WriteBehindStats plusEnqueueSide(long enqueued, long coalesced, long rejected,
      long writtenThrough) {
    return new WriteBehindStats(depth, lag, this.enqueued + enqueued, this.coalesced + coalesced,
        batches, written, retries, deadLetters, this.rejected + rejected,
        this.writtenThrough + writtenThrough, lostWrites);
  }

  /** This snapshot with {@code lost} more lost writes. */
  public WriteBehindStats plusLostWrites(long lost) {
    return new WriteBehindStats(depth, lag, enqueued, coalesced, batches, written, retries,
        deadLetters, rejected, writtenThrough, lostWrites + lost);
  }
}
