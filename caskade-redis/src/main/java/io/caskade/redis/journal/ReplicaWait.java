package io.caskade.redis.journal;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;

/**
 * {@code WAIT replicas timeout} after appends, shared: an append returns only once a
 * {@code WAIT} sent after it on the same connection saw enough replicas acknowledge. One
 * {@code WAIT} is in flight at a time and covers every append that completed before it was sent,
 * so concurrent writers share its round trip (group commit).
 */
final class ReplicaWait {

  private final int replicas;
  private final long timeoutMillis;
  private final Object lock = new Object();
  private long started;
  private long finished;
  private long acked;
  private RuntimeException failure;
  private boolean inFlight;

  ReplicaWait(int replicas, Duration timeout) {
    this.replicas = replicas;
    this.timeoutMillis = timeout.toMillis();
  }

  int replicas() {
    return replicas;
  }

  long timeoutMillis() {
    return timeoutMillis;
  }

  /**
   * Waits for a {@code WAIT} that covers an append already completed on {@code connection};
   * returns how many replicas acknowledged it.
   *
   * @throws RuntimeException the {@code WAIT}'s own failure
   */
  long await(RedisClusterCommands<String, byte[]> connection) throws InterruptedException {
    long mine;
    synchronized (lock) {
      long need = started + 1; // the WAIT in flight, if any, may have been sent before our append
      while (inFlight && finished < need) {
        lock.wait();
      }
      if (finished >= need) {
        return result();
      }
      inFlight = true;
      mine = ++started;
    }
    long n = 0;
    RuntimeException error = null;
    try {
      Long r = connection.waitForReplication(replicas, timeoutMillis);
      n = r == null ? 0 : r;
    } catch (RuntimeException e) {
      error = e;
    }
    synchronized (lock) {
      finished = mine;
      acked = n;
      failure = error;
      inFlight = false;
      lock.notifyAll();
      return result();
    }
  }

  private long result() {
    if (failure != null) {
      throw failure;
    }
    return acked;
  }
}
