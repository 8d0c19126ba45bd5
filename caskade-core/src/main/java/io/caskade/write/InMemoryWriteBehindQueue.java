package io.caskade.write;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The bounded in-memory write-behind queue.
 *
 * <p><b>Guarantee:</b> none across a crash. A write is acknowledged when it is in this process's
 * memory; whatever is not yet in the source when the process dies is lost (the crash test loses
 * thousands of 10,000 writes this way). A clean {@link #close()} writes everything it can within
 * {@link WriteBehind#closeDeadline()}. Use the Redis Streams journal when writes must survive.
 *
 * <p>Bounded by distinct keys ({@link WriteBehind#capacity()}): a write of a key already waiting
 * replaces it and always fits; a write of a new key into a full queue follows
 * {@link WriteBehind#whenFull()}. Changes the flusher gives up on are kept as {@link DeadLetter}s
 * ({@link #deadLetters()}, {@link #redrive}).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class InMemoryWriteBehindQueue<K, V> implements WriteBehindQueue<K, V> {

  private final String name;
  private final WriteBehind settings;
  private final DeadLetterList<K, V> deadLetters;
  private final CoalescingBuffer<K, V> buffer;
  private final LongAdder rejected = new LongAdder();
  private final LongAdder writtenThrough = new LongAdder();
  private volatile Consumer<? super DeadLetter<K, V>> onDeadLetter;
  private volatile Flusher<K, V> flusher;
  private volatile WriteApplier<K, V> directWriter;
  /** This queue's write sequences: one hybrid logical clock per queue, on the settings' clock. */
  private final WriteSequence sequences;
  private volatile boolean closed;

  /** A queue named {@code name} (thread and log names) with {@code settings}. */
  public InMemoryWriteBehindQueue(String name, WriteBehind settings) {
    this.name = Objects.requireNonNull(name, "name");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.deadLetters = new DeadLetterList<>(settings.deadLetterCapacity());
    this.sequences = WriteSequence.on(settings.clock());
    this.buffer = new CoalescingBuffer<>(settings.capacity(), deadLetters, sequences);
  }

  /**
   * Calls {@code listener} on the flusher thread for every change given up on — for example
   * {@code letter -> cache.invalidate(letter.key())}, so the cache does not keep serving a value
   * the source refused. Set it before the queue starts.
   */
  public InMemoryWriteBehindQueue<K, V> onDeadLetter(Consumer<? super DeadLetter<K, V>> listener) {
    this.onDeadLetter = listener;
    return this;
  }

  /** The settings. */
  public WriteBehind settings() {
    return settings;
  }

  @Override
  public void enqueue(K key, V value) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      rejected.increment();
      throw new CacheWriteException("write-behind queue '" + name + "' is closed", null);
    }
    FullQueuePolicy policy = settings.whenFull();
    long wait = policy.kind() == FullQueuePolicy.Kind.BLOCK ? policy.timeout().toNanos() : 0;
    PendingWrite<K, V> queued;
    try {
      queued = buffer.offer(key, value, wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rejected.increment();
      throw new CacheWriteException("interrupted while waiting for room in write-behind queue '"
          + name + "'", e);
    } catch (IllegalStateException e) {
      rejected.increment();
      throw new CacheWriteException("write-behind queue '" + name + "' is closed", e);
    }
    if (queued != null) {
      return;
    }
    if (policy.kind() == FullQueuePolicy.Kind.WRITE_THROUGH) {
      writeThrough(key, value);
      return;
    }
    rejected.increment();
    throw new QueueFullException(name, key, policy);
  }

  private void writeThrough(K key, V value) {
    WriteApplier<K, V> direct = directWriter;
    if (direct == null) {
      rejected.increment();
      throw new IllegalStateException("write-behind queue '" + name + "' is not started");
    }
    try {
      direct.apply(List.of(new PendingWrite<>(key, value, sequences.next(),
          System.currentTimeMillis(), null)));
      writtenThrough.increment();
    } catch (Exception e) {
      throw new CacheWriteException(name, key, e);
    }
  }

  @Override
  public Optional<Optional<V>> pending(K key) {
    return buffer.pending(key);
  }

  @Override
  public synchronized void start(CacheWriter<K, V> writer, Consumer<? super K> refused) {
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(refused, "refused");
    if (flusher != null) {
      throw new IllegalStateException("write-behind queue '" + name + "' already started");
    }
    directWriter = new WriteApplier<>(writer);
    flusher = new Flusher<>(name, settings, buffer, writer,
        Flusher.deadLetterHandler(refused, () -> onDeadLetter));
    flusher.start();
  }

  /**
   * Stops accepting writes, then writes what is queued within the close deadline. Writes not in
   * the source by then are lost (counted in the log and by {@link #abandoned()}).
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    buffer.close();
    if (flusher != null) {
      flusher.close();
    }
  }

  /** Changes not written when close gave up. */
  public int abandoned() {
    return flusher == null ? 0 : flusher.abandoned();
  }

  /** A snapshot of depth, lag and counters. */
  public WriteBehindStats stats() {
    WriteBehindStats base = flusher != null ? flusher.stats()
        : new WriteBehindStats(buffer.depth(), java.time.Duration.ZERO, 0, 0, 0, 0, 0, 0, 0, 0);
    return base.plusEnqueueSide(buffer.enqueued(), buffer.coalesced(), rejected.sum(),
        writtenThrough.sum());
  }

  /** The dead letters kept, oldest first. */
  public List<DeadLetter<K, V>> deadLetters() {
    return deadLetters.list();
  }

  /**
   * Queues a dead letter again with its original sequence (a newer write of the key still wins)
   * and removes it from the list; false when no dead letter has that id.
   */
  public boolean redrive(DeadLetter<K, V> letter) {
    Objects.requireNonNull(letter, "letter");
    DeadLetter<K, V> removed = deadLetters.remove(letter.id());
    if (removed == null) {
      return false;
    }
    try {
      buffer.requeue(removed.write());
    } catch (IllegalStateException e) {
      throw new CacheWriteException("write-behind queue '" + name + "' is closed", e);
    }
    return true;
  }

  /** Re-drives every dead letter; returns how many. */
  public int redriveAll() {
    int n = 0;
    for (DeadLetter<K, V> d : deadLetters.list()) {
      if (redrive(d)) {
        n++;
      }
    }
    return n;
  }

  /** Dead letters dropped because the list was full. */
  public long deadLettersDropped() {
    return deadLetters.dropped();
  }

  @Override
  public String toString() {
    return "InMemoryWriteBehindQueue{" + name + ", " + settings + '}';
  }
}
