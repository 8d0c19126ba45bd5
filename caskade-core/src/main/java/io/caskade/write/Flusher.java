package io.caskade.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-behind engine, shared by every queue: one thread that takes changes from a
 * {@link WriteLog}, coalesces them by key (the highest sequence wins; a delete after a write
 * wins), writes batches of up to {@link WriteBehind#batchSize()} keys when a batch is full or its
 * oldest change has waited {@link WriteBehind#maxDelay()}, retries failed changes with exponential
 * backoff and jitter (a change that failed in a batch is retried on its own), dead-letters a change
 * after {@link WriteBehind#maxAttempts()} attempts, and acknowledges changes to the log only after
 * the writer returned.
 *
 * <p>Per-key order: one key is in at most one batch at a time, and a newer change of a key
 * replaces an older one that is waiting for a retry, so within one flusher an older change is
 * never written after a newer one. Across processes (a journal re-delivering entries after a
 * crash) a {@link SequencedWriter} keeps the order with the sequences.
 *
 * <p>Queue implementations create and own it; applications use a queue.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Flusher<K, V> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Flusher.class);
  private static final long IDLE_POLL_MILLIS = 200;

  private final String name;
  private final WriteBehind settings;
  private final WriteLog<K, V> source;
  private final WriteApplier<K, V> applier;
  private final Consumer<? super DeadLetter<K, V>> onDeadLetter;
  private final Backoff backoff;
  private final HeldWrites<K, V> held = new HeldWrites<>();
  private final Thread thread;
  private final LongAdder coalesced = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder deadLetters = new LongAdder();
  private volatile boolean closing;
  private volatile long drainDeadline;
  private volatile int abandoned;

  /**
   * A flusher named {@code name} draining {@code source} into {@code writer}; {@code onDeadLetter}
   * (may be null) hears of every change given up on, e.g. to invalidate its key in the cache.
   */
  public Flusher(String name, WriteBehind settings, WriteLog<K, V> source,
      CacheWriter<K, V> writer, Consumer<? super DeadLetter<K, V>> onDeadLetter) {
    this.name = Objects.requireNonNull(name, "name");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.source = Objects.requireNonNull(source, "source");
    this.applier = new WriteApplier<>(Objects.requireNonNull(writer, "writer"));
    this.onDeadLetter = onDeadLetter;
    this.backoff = new Backoff(settings.backoffBase(), settings.backoffMax(), settings.jitter());
    this.thread = new Thread(this::run, "caskade-write-behind-" + name);
    this.thread.setDaemon(true);
  }

  /** Starts the flusher thread. */
  public void start() {
    thread.start();
  }

  /**
   * Writes what is held and queued, for up to {@link WriteBehind#closeDeadline()}, then stops.
   * What is left is logged (and, for a durable log, stays in it for another instance).
   */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    drainDeadline = System.currentTimeMillis() + settings.closeDeadline().toMillis();
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(settings.closeDeadline().toMillis() + IDLE_POLL_MILLIS + 1_000);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (abandoned > 0) {
      log.warn("write-behind '{}': close deadline passed with {} changes not written", name,
          abandoned);
    }
  }

  /** Changes still held or queued when {@link #close()} gave up (0 when everything was written). */
  public int abandoned() {
    return abandoned;
  }

  /** The flusher's counters with the log's depth and lag; enqueue-side counts are zero. */
  public WriteBehindStats stats() {
    long oldest = source.oldestPendingMillis();
    Duration lag = oldest < 0 ? Duration.ZERO
        : Duration.ofMillis(Math.max(0, System.currentTimeMillis() - oldest));
    return new WriteBehindStats(source.depth(), lag, 0, coalesced.sum(), batches.sum(),
        written.sum(), retries.sum(), deadLetters.sum(), 0, 0);
  }

  private void run() {
    long maxDelay = settings.maxDelay().toMillis();
    int batchSize = settings.batchSize();
    long pollFailures = 0;
    while (true) {
      boolean draining = closing;
      long now = System.currentTimeMillis();
      if (draining && now >= drainDeadline) {
        break;
      }
      List<PendingWrite<K, V>> fresh = List.of();
      int room = 2 * batchSize - held.size();
      long wait = draining ? 0 : waitMillis(now, maxDelay);
      try {
        if (room > 0) {
          fresh = source.poll(Math.min(room, batchSize), wait);
        } else if (wait > 0) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wait));
        }
        pollFailures = 0;
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        pollFailures++;
        log.warn("write-behind '{}': reading the queue failed ({}), retrying", name, e.toString());
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff.delayMillis((int)
            Math.min(pollFailures, 10))));
      }
      coalesced.add(held.merge(fresh));
      now = System.currentTimeMillis();
      List<HeldWrites.Held<K, V>> due = held.due(now, batchSize, maxDelay, draining);
      if (!due.isEmpty()) {
        write(due);
      } else if (draining && fresh.isEmpty()) {
        if (held.isEmpty()) {
          break; // nothing held, nothing queued
        }
        long until = Math.min(held.nextDue(maxDelay), drainDeadline);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(1, until - now)));
      }
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    abandoned = held.drop() + (int) Math.min(Integer.MAX_VALUE, safeDepth());
  }

  private long waitMillis(long now, long maxDelay) {
    if (held.isEmpty()) {
      return Math.max(IDLE_POLL_MILLIS, maxDelay);
    }
    long next = held.nextDue(maxDelay);
    return Math.max(0, Math.min(next - now, Math.max(maxDelay, 1)));
  }

  private long safeDepth() {
    try {
      return source.depth();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private void write(List<HeldWrites.Held<K, V>> due) {
    List<PendingWrite<K, V>> changes = new ArrayList<>(due.size());
    for (HeldWrites.Held<K, V> h : due) {
      changes.add(h.winner);
    }
    batches.increment();
    Exception failure;
    try {
      applier.apply(changes);
      failure = null;
    } catch (Exception e) {
      failure = e;
    }
    if (failure == null) {
      List<PendingWrite<K, V>> done = new ArrayList<>(due.size());
      for (HeldWrites.Held<K, V> h : due) {
        done.addAll(h.all());
        held.remove(h);
      }
      written.add(due.size());
      try {
        source.acknowledge(done);
      } catch (RuntimeException e) {
        // Committed but not acknowledged: the log delivers them again (at-least-once).
        log.warn("write-behind '{}': {} changes written but not acknowledged: {}", name,
            done.size(), e.toString());
      }
      return;
    }
    long now = System.currentTimeMillis();
    for (HeldWrites.Held<K, V> h : due) {
      h.attempts++;
      if (h.attempts >= settings.maxAttempts()) {
        giveUp(h, failure);
      } else {
        h.notBefore = now + backoff.delayMillis(h.attempts);
        h.alone = h.alone || due.size() > 1;
        retries.increment();
      }
    }
    log.debug("write-behind '{}': batch of {} failed: {}", name, due.size(), failure.toString());
  }

  private void giveUp(HeldWrites.Held<K, V> h, Exception failure) {
    DeadLetter<K, V> letter;
    try {
      letter = source.deadLetter(h.winner, h.superseded, h.attempts, failure);
    } catch (RuntimeException e) {
      // The dead letter could not be stored: keep the change and try again later.
      log.warn("write-behind '{}': could not dead-letter {}: {}", name, h.winner, e.toString());
      h.notBefore = System.currentTimeMillis() + settings.backoffMax().toMillis();
      return;
    }
    held.remove(h);
    deadLetters.increment();
    log.warn("write-behind '{}': gave up on {} after {} attempts: {}", name, h.winner,
        h.attempts, failure.toString());
    if (onDeadLetter != null && letter != null) {
      try {
        onDeadLetter.accept(letter);
      } catch (RuntimeException e) {
        log.warn("write-behind '{}': dead-letter listener failed: {}", name, e.toString());
      }
    }
  }

  /**
   * What a queue hands a flusher as its dead-letter consumer: the letter's key to {@code refused}
   * (the cache drops the value), then the letter to the listener {@code listener} supplies at that
   * moment, if any.
   */
  public static <K, V> Consumer<DeadLetter<K, V>> deadLetterHandler(Consumer<? super K> refused,
      Supplier<? extends Consumer<? super DeadLetter<K, V>>> listener) {
    return letter -> {
      refused.accept(letter.key());
      Consumer<? super DeadLetter<K, V>> l = listener.get();
      if (l != null) {
        l.accept(letter);
      }
    };
  }

  @Override
  public String toString() {
    return "Flusher{" + name + ", " + settings + ", held=" + held.size() + '}';
  }

  static String describe(Throwable t) {
    return t == null ? null : t.getClass().getName() + ": " + t.getMessage();
  }
}
