package io.caskade.redis.lease;

import io.caskade.redis.bus.PubSubHub;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes this instance's lease waiters when another instance fills or releases their key: the
 * {@link LeaseScripts} fill and release publish the lease key on the cache's lease channel
 * ({@link #channel}), and this subscriber, on the platform's shared {@link PubSubHub} connection,
 * releases the threads waiting on that key in {@link #await}.
 *
 * <p>A notice that finds no waiter is remembered for a few milliseconds and answers the next
 * {@link #await} of its key at once: it may have come between that waiter's look at Redis and its
 * wait. Notices are hints, never the only way out: a waiter always wakes after its own bound, so a
 * notice lost (the pub/sub connection down or not yet subscribed) costs it at most that bound.
 * Lease voids by a write or an invalidation publish nothing: waiters find those on their next look.
 */
public final class FillSignals implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FillSignals.class);
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How long a notice nobody waited for still answers an {@code await}. */
  private static final long RECENT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final int RECENT_PRUNE_SIZE = 1_024;

  private final String channel;
  private final PubSubHub hub;
  private final ConcurrentHashMap<String, Waiters> waiting = new ConcurrentHashMap<>();
  /** Notices that found no waiter: lease key → when heard. */
  private final ConcurrentHashMap<String, Long> recent = new ConcurrentHashMap<>();
  private final long recentNanos;
  private final Subscription subscription = new Subscription();
  private final AtomicLong lastAttempt = new AtomicLong(System.nanoTime() - RETRY_NANOS);
  private volatile boolean subscribed;
  private volatile boolean closed;

  /**
   * Signals for {@code cache}'s leases; they start with {@link #subscribe}, or else at the first
   * {@link #await} (then at most one attempt a second until one succeeds).
   */
  public FillSignals(String cache, PubSubHub hub) {
    this(cache, hub, RECENT_NANOS);
  }

  FillSignals(String cache, PubSubHub hub, long recentNanos) {
    this.channel = channel(Objects.requireNonNull(cache, "cache"));
    this.hub = Objects.requireNonNull(hub, "hub");
    this.recentNanos = recentNanos;
  }

  /** The lease channel of {@code cache}: where its lease scripts publish fills and releases. */
  public static String channel(String cache) {
    return "caskade:lease:" + cache;
  }

  /**
   * Waits until a fill or release of {@code leaseKey} is heard, or {@code maxNanos} passed.
   *
   * @return true when woken by a notice, false when the bound passed first
   * @throws InterruptedException if the thread is interrupted
   */
  public boolean await(String leaseKey, long maxNanos) throws InterruptedException {
    if (maxNanos <= 0) {
      return false;
    }
    if (!subscribed) {
      trySubscribe();
    }
    Long heard = recent.remove(leaseKey);
    if (heard != null && System.nanoTime() - heard < recentNanos) {
      return true;
    }
    Waiters w = waiting.compute(leaseKey, (k, old) -> {
      Waiters mine = old != null ? old : new Waiters();
      mine.count++;
      return mine;
    });
    try {
      return w.heard.await(maxNanos, TimeUnit.NANOSECONDS);
    } finally {
      waiting.computeIfPresent(leaseKey, (k, current) ->
          current == w && --current.count == 0 ? null : current);
    }
  }

  /** How many keys have waiters now (for tests). */
  int waitingKeys() {
    return waiting.size();
  }

  /** How many notices that found no waiter are remembered now (for tests). */
  int recentNotices() {
    return recent.size();
  }

  /**
   * Subscribes the lease channel on the shared connection unless done already; a failure is logged
   * at debug and retried by a later {@link #await} (Lettuce resubscribes after a reconnect).
   */
  public void subscribe() {
    lastAttempt.set(System.nanoTime());
    subscribeNow();
  }

  private void trySubscribe() {
    long now = System.nanoTime();
    long last = lastAttempt.get();
    if (closed || subscribed || now - last < RETRY_NANOS || !lastAttempt.compareAndSet(last, now)) {
      return;
    }
    subscribeNow();
  }

  private void subscribeNow() {
    synchronized (this) {
      if (closed || subscribed) {
        return;
      }
      try {
        hub.subscribe(channel, subscription);
        subscribed = true;
      } catch (RuntimeException e) {
        log.debug("lease channel '{}' not subscribed yet (waiters poll): {}", channel,
            e.toString());
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (subscribed) {
      subscribed = false;
      hub.unsubscribe(channel, subscription);
    }
    waiting.values().forEach(w -> w.heard.countDown());
    waiting.clear();
    recent.clear();
  }

  /** The threads waiting on one key; a notice releases them all and a new group forms after. */
  private static final class Waiters {
    final CountDownLatch heard = new CountDownLatch(1);
    /** Guarded by the map's per-key compute. */
    int count;
  }

  /** What the shared connection delivers on the lease channel: a lease key. */
  private final class Subscription implements PubSubHub.Subscriber {
    @Override
    public void onMessage(byte[] message) {
      String leaseKey = new String(message, StandardCharsets.UTF_8);
      Waiters w = waiting.remove(leaseKey);
      if (w != null) {
        w.heard.countDown();
        return;
      }
      long now = System.nanoTime();
      if (recent.size() >= RECENT_PRUNE_SIZE) {
        recent.values().removeIf(at -> now - at >= recentNanos);
      }
      recent.put(leaseKey, now);
    }

    @Override
    public void onDisconnected() {
      // notices are lost until Lettuce resubscribes: waiters fall back to their own bounds
    }

    @Override
    public void onReconnected() {
      // Lettuce resubscribed the channel
    }
  }
}
