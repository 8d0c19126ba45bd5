package io.caskade.redis.journal;

import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.codec.Codec;
import io.caskade.write.CacheWriteException;
import io.caskade.write.CacheWriter;
import io.caskade.write.DeadLetter;
import io.caskade.write.Flusher;
import io.caskade.write.PendingWrite;
import io.caskade.write.WriteBehind;
import io.caskade.write.WriteBehindQueue;
import io.caskade.write.WriteBehindStats;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A durable write-behind queue on a Redis Stream, shared by every instance of a cache.
 *
 * <p><b>Guarantee: at-least-once.</b> {@link #enqueue} returns only after {@code XADD} stored the
 * change in Redis; a flusher reads it through the consumer group {@code flushers}
 * ({@code XREADGROUP}), writes it, and acknowledges it ({@code XACK}, then {@code XDEL}) only
 * after the writer returned. If the instance dies first — before, during or after the writer's
 * commit — the entry stays pending in the group and another instance takes it over
 * ({@code XAUTOCLAIM}) once it has been idle for {@link Builder#claimIdle} and writes it again.
 * So no acknowledged write is lost as long as Redis keeps its data (use AOF, checked at build:
 * {@link Builder#requirePersistence()}; replicas: {@link Builder#waitForReplicas}), but a write
 * may be applied twice, and an older write may be applied after a newer
 * one of the same key. <b>The writer must therefore be idempotent and order-aware:</b> an upsert
 * keyed by the cache key (never an insert or an increment), applied only if the change's
 * sequence is newer than the one stored with the row — {@link io.caskade.write.SequencedWriter},
 * e.g. {@link io.caskade.write.jdbc.JdbcUpsertWriter} with a {@code seq} column. Every entry's
 * sequence is derived from its stream id, which Redis keeps increasing for all writers.
 *
 * <p>When Redis loses the journal (restarted without persistence, flushed) the flusher recreates
 * stream and group within about a second and goes on with the changes appended since; the
 * changes this instance had appended and no flusher had written yet are reported — ERROR log,
 * {@link WriteBehindStats#lostWrites()}, their keys dropped from the cache, and
 * {@link Builder#onLostWrites} — never silently dropped.
 *
 * <p>Coalescing, batching, retries with backoff and dead letters are the {@link Flusher}'s; dead
 * letters are kept in the stream {@code caskade:wb:{name}:dead} ({@link #deadLetters()},
 * {@link #redrive}). The journal is not bounded by {@link WriteBehind#capacity()}: Redis memory
 * is the bound; watch {@link #stats()}'s depth and lag.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class RedisWriteJournal<K, V> implements WriteBehindQueue<K, V> {

  /** Entries per instance kept to tell what a Redis restart lost (beyond: only counted). */
  private static final int TRACKED_ENTRIES = 100_000;

  private final String name;
  private final WriteBehind settings;
  private final JournalKeys keys;
  private final JournalConnection redis;
  private final JournalFormat<K, V> format;
  private final LocalPending<K, V> local;
  private final String consumerName;
  private final Duration claimIdle;
  private final Consumer<? super DeadLetter<K, V>> onDeadLetter;
  private final Consumer<? super LostWrites<K, V>> onLostWrites;
  private final ReplicaWait replicaWait;
  private final JournalEpoch<K, V> epoch;
  private final JournalDeadLetters<K, V> deadLetters;
  private final LongAdder enqueued = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private volatile Flusher<K, V> flusher;
  private volatile boolean closed;

  private RedisWriteJournal(Builder<K, V> b) {
    this.name = b.name;
    this.settings = b.settings;
    this.keys = new JournalKeys(b.name);
    this.format = new JournalFormat<>(b.keys, b.values);
    this.claimIdle = b.claimIdle;
    this.consumerName = b.consumer != null ? b.consumer : defaultConsumer();
    this.local = new LocalPending<>(Math.max(claimIdle.toMillis() * 4, 60_000));
    this.onDeadLetter = b.onDeadLetter;
    this.onLostWrites = b.onLostWrites;
    this.replicaWait = b.waitReplicas == 0 ? null
        : new ReplicaWait(b.waitReplicas, b.waitTimeout);
    if (replicaWait != null && b.config.isCluster()) {
      throw new IllegalArgumentException("write-behind journal '" + name + "': waitForReplicas "
          + "is supported on standalone Redis (with replicas), not on Redis Cluster");
    }
    long longestBlock = Math.max(200, settings.maxDelay().toMillis());
    this.redis = new JournalConnection(b.config, b.commandTimeout,
        Duration.ofMillis(longestBlock), replicaWait == null ? null : b.waitTimeout,
        b.platform == null ? null : b.platform.clientResources());
    try {
      PersistenceCheck.of(redis.serverOf(keys.stream)).enforce(name, b.requirePersistence);
      this.epoch = new JournalEpoch<>(name, keys, redis, local, TRACKED_ENTRIES);
      this.deadLetters = new JournalDeadLetters<>(keys, redis, format);
    } catch (RuntimeException e) {
      redis.close();
      // NOPERM on XGROUP/EVAL, say: the same named error as a RedisTier build for the same user
      RuntimeException named = io.caskade.redis.RedisErrors.asAccessError("write-behind journal",
          b.config, e);
      throw named != null ? named : e;
    }
  }

  /**
   * A journal named {@code name} (instances of one cache share it) on {@code config}, with the
   * key and value codecs of the Redis tier.
   */
  public static <K, V> Builder<K, V> builder(RedisConfig config, String name, KeyCodec<K> keys,
      Codec<V> values) {
    return new Builder<>(config, name, keys, values);
  }

  /**
   * A journal named {@code name} on the application's shared {@code platform}: its client runs on
   * the platform's threads (it keeps its own connections: a blocking XREADGROUP needs one);
   * closing the journal leaves the platform open.
   */
  public static <K, V> Builder<K, V> builder(io.caskade.redis.RedisPlatform platform, String name,
      KeyCodec<K> keys, Codec<V> values) {
    Builder<K, V> b = new Builder<>(platform.config(), name, keys, values);
    b.platform = platform;
    return b;
  }

  private static String defaultConsumer() {
    return ManagementFactory.getRuntimeMXBean().getName() + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The stream's Redis key. */
  public String streamKey() {
    return keys.stream;
  }

  /** This instance's consumer name in the group. */
  public String consumerName() {
    return consumerName;
  }

  /**
   * Appends the change to the stream ({@code XADD}); when this returns, the change survives this
   * process.
   *
   * @throws CacheWriteException when Redis did not store it (the write did not happen)
   */
  @Override
  public void enqueue(K key, V value) {
    Objects.requireNonNull(key, "key");
    if (closed) {
      rejected.increment();
      throw new CacheWriteException("write-behind journal '" + name + "' is closed", null);
    }
    JournalScripts.Appended a;
    try {
      a = JournalScripts.append(redis.appends, keys, format.fields(key, value, null));
    } catch (RuntimeException e) {
      rejected.increment();
      throw new CacheWriteException(name, key, e);
    }
    PendingWrite<K, V> w = new PendingWrite<>(key, value, JournalFormat.sequenceOf(a.id()),
        JournalFormat.millisOf(a.id()), a.id());
    epoch.appended(w, a.epoch());
    if (replicaWait != null) {
      awaitReplicas(key);
    }
    enqueued.increment();
    local.added(w);
  }

  private void awaitReplicas(K key) {
    long acked;
    try {
      acked = replicaWait.await(redis.appends);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rejected.increment();
      throw new CacheWriteException("write-behind journal '" + name + "': interrupted while "
          + "waiting for replicas to acknowledge the change of key " + key + "; it is stored on "
          + "the Redis primary and may still be written", e);
    } catch (RuntimeException e) {
      rejected.increment();
      throw new CacheWriteException("write-behind journal '" + name + "': WAIT for replicas "
          + "failed for the change of key " + key + " (" + e.getMessage() + "); it is stored on "
          + "the Redis primary and may still be written", e);
    }
    if (acked < replicaWait.replicas()) {
      rejected.increment();
      throw new CacheWriteException("write-behind journal '" + name + "': only " + acked + " of "
          + replicaWait.replicas() + " replicas required by waitForReplicas acknowledged the "
          + "change of key " + key + " within " + replicaWait.timeoutMillis() + " ms (WAIT); "
          + "the write is refused, but it is stored on the Redis primary and may still be "
          + "written", null);
    }
  }

  /** This instance's own newest change of {@code key} not yet acknowledged. */
  @Override
  public Optional<Optional<V>> pending(K key) {
    return local.get(key);
  }

  @Override
  public synchronized void start(CacheWriter<K, V> writer, Consumer<? super K> refused) {
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(refused, "refused");
    if (flusher != null) {
      throw new IllegalStateException("journal '" + name + "' already started");
    }
    StreamWriteLog<K, V> stream = new StreamWriteLog<>(keys, redis, format, local, epoch,
        consumerName, claimIdle);
    epoch.sink(lost -> {
      lost.keys().forEach(refused); // the cache drops what the source never gets
      if (onLostWrites != null) {
        onLostWrites.accept(lost);
      }
    });
    flusher = new Flusher<>(name + "@" + consumerName, settings, stream, writer,
        Flusher.deadLetterHandler(refused, () -> onDeadLetter));
    flusher.start();
  }

  /**
   * Stops accepting writes and flushes for up to the close deadline; whatever is left stays in
   * the stream for another instance (or this one's next start) to write.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (flusher != null) {
        flusher.close();
      }
    } finally {
      redis.close();
    }
  }

  /** Depth (entries not yet acknowledged, fleet-wide), lag and this instance's counters. */
  public WriteBehindStats stats() {
    WriteBehindStats base = flusher != null ? flusher.stats()
        : new WriteBehindStats(redis.commands.xlen(keys.stream), Duration.ZERO, 0, 0, 0, 0, 0, 0,
            0, 0);
    return base.plusEnqueueSide(enqueued.sum(), 0, rejected.sum(), 0)
        .plusLostWrites(epoch.lost());
  }

  /** The dead letters (fleet-wide), oldest first, at most {@code max}. */
  public List<DeadLetter<K, V>> deadLetters(int max) {
    return deadLetters.list(max);
  }

  /** {@link #deadLetters(int)} up to 10,000. */
  public List<DeadLetter<K, V>> deadLetters() {
    return deadLetters(10_000);
  }

  /**
   * Appends a dead letter to the journal again with its original sequence (so a newer write of
   * the key still wins at a sequenced writer), then removes it from the dead letters; false when
   * it was not there (already re-driven).
   */
  public boolean redrive(DeadLetter<K, V> letter) {
    return deadLetters.redrive(Objects.requireNonNull(letter, "letter"));
  }

  @Override
  public String toString() {
    return "RedisWriteJournal{" + keys.stream + ", consumer=" + consumerName + ", " + settings
        + '}';
  }

  /** Builds a {@link RedisWriteJournal}. */
  public static final class Builder<K, V> {
    private final RedisConfig config;
    private io.caskade.redis.RedisPlatform platform;
    private final String name;
    private final KeyCodec<K> keys;
    private final Codec<V> values;
    private WriteBehind settings = WriteBehind.defaults();
    private Duration claimIdle = Duration.ofSeconds(30);
    private Duration commandTimeout = Duration.ofSeconds(2);
    private String consumer;
    private Consumer<? super DeadLetter<K, V>> onDeadLetter;
    private Consumer<? super LostWrites<K, V>> onLostWrites;
    private boolean requirePersistence;
    private int waitReplicas;
    private Duration waitTimeout;

    private Builder(RedisConfig config, String name, KeyCodec<K> keys, Codec<V> values) {
      this.config = Objects.requireNonNull(config, "config");
      this.name = Objects.requireNonNull(name, "name");
      this.keys = Objects.requireNonNull(keys, "keys");
      this.values = Objects.requireNonNull(values, "values");
    }

    /** Flusher settings (capacity and full-queue policy do not apply to the journal). */
    public Builder<K, V> settings(WriteBehind settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * How long an entry must sit unacknowledged in another consumer's hands before this
     * instance claims it (default 30 s). Live instances refresh what they hold, so this is the
     * time to notice a dead one, not a bound on a batch's duration.
     */
    public Builder<K, V> claimIdle(Duration idle) {
      Objects.requireNonNull(idle, "idle");
      if (idle.isNegative() || idle.isZero()) {
        throw new IllegalArgumentException("claimIdle must be positive: " + idle);
      }
      this.claimIdle = idle;
      return this;
    }

    /** Timeout of each Redis command (default 2 s). */
    public Builder<K, V> commandTimeout(Duration timeout) {
      this.commandTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** This instance's consumer name (default: pid@host plus a random suffix). */
    public Builder<K, V> consumer(String name) {
      this.consumer = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Hears of every change given up on (on the flusher thread). */
    public Builder<K, V> onDeadLetter(Consumer<? super DeadLetter<K, V>> listener) {
      this.onDeadLetter = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Hears, on the flusher thread, of acknowledged changes that Redis lost before they were
     * written (it restarted without persistence, or was flushed): the flusher recreates stream
     * and group, logs the loss at ERROR, counts it in {@link WriteBehindStats#lostWrites()},
     * drops the keys from the cache, then calls this listener once per loss found.
     */
    public Builder<K, V> onLostWrites(Consumer<? super LostWrites<K, V>> listener) {
      this.onLostWrites = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Refuses to build (throws {@link IllegalStateException} naming the cause) unless Redis is
     * seen to keep acknowledged changes across a restart: {@code appendonly yes} and no
     * {@code allkeys-*} eviction policy, read with {@code CONFIG GET}; also when CONFIG cannot
     * be read. Without it such a Redis is accepted with a WARN.
     */
    public Builder<K, V> requirePersistence() {
      this.requirePersistence = true;
      return this;
    }

    /**
     * Each write returns only after {@code replicas} replicas acknowledged it ({@code WAIT
     * replicas timeout}, shared by concurrent writes); otherwise it fails with a
     * {@link CacheWriteException} saying so (the cache is left as for a refused write, though
     * the change is on the primary and may still be written). Standalone Redis only.
     */
    public Builder<K, V> waitForReplicas(int replicas, Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (replicas <= 0 || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("waitForReplicas needs replicas > 0 and a positive "
            + "timeout: " + replicas + ", " + timeout);
      }
      this.waitReplicas = replicas;
      this.waitTimeout = timeout;
      return this;
    }

    /**
     * Connects, checks Redis's persistence (see {@link #requirePersistence()}) and creates the
     * stream and group if needed.
     */
    public RedisWriteJournal<K, V> build() {
      return new RedisWriteJournal<>(this);
    }
  }
}
