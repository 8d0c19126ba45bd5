package io.caskade.write;

import java.util.List;

/**
 * Where a {@link Flusher} takes queued changes from and reports what became of them: the SPI
 * behind every write-behind queue (the in-memory buffer, the Redis Streams journal).
 *
 * <p>A change handed out by {@link #poll} is the flusher's until it is {@link #acknowledge
 * acknowledged} (committed, or replaced by a newer change of its key that was committed) or
 * {@link #deadLetter dead-lettered}; a durable log keeps it until then, so a crash re-delivers it.
 * Only the flusher's thread calls these methods, except {@link #depth()} and
 * {@link #oldestPendingMillis()}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface WriteLog<K, V> {

  /**
   * Up to {@code max} changes not handed out before, waiting up to {@code waitMillis} when there
   * is none (0: do not wait); empty when none came.
   */
  List<PendingWrite<K, V>> poll(int max, long waitMillis) throws InterruptedException;

  /** {@code done} reached the source (or was superseded by a change that did): forget them. */
  void acknowledge(List<PendingWrite<K, V>> done);

  /**
   * The flusher gave up on {@code write} after {@code attempts} attempts: keep it as a dead letter,
   * then forget it as a pending change, and return what was stored; {@code superseded} are older changes of the same key that
   * were coalesced into it and are forgotten with it.
   */
  DeadLetter<K, V> deadLetter(PendingWrite<K, V> write, List<PendingWrite<K, V>> superseded,
      int attempts, Throwable cause);

  /** Changes queued and not yet acknowledged or dead-lettered (an estimate is fine). */
  long depth();

  /** Enqueue time of the oldest change not yet acknowledged, epoch ms; -1 when none. */
  long oldestPendingMillis();
}
