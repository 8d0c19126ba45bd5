package io.caskade.redis.journal;

import io.caskade.redis.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.codec.Codec;
import io.caskade.write.CacheWriteException;
import io.caskade.write.CacheWriter;
import io.caskade.write.DeadLetter;
import io.caskade.write.Flusher;
import io.caskade.write.PendingWrite;
import io.caskade.write.WriteBehind;
import io.caskade.write.WriteBehindQueue;
import io.caskade.write.WriteBehindStats;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * So no acknowledged write is lost (as long as Redis keeps its data: use AOF/replication in
 * production), but a write may be applied twice, and an older write may be applied after a newer
 * one of the same key. <b>The writer must therefore be idempotent and order-aware:</b> an upsert
 * keyed by the cache key (never an insert or an increment), applied only if the change's
 * sequence is newer than the one stored with the row — {@link io.caskade.write.SequencedWriter},
 * e.g. {@link io.caskade.write.jdbc.JdbcUpsertWriter} with a {@code seq} column. Every entry's
 * sequence is derived from its stream id, which Redis keeps increasing for all writers.
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

  private final String name;
  private final WriteBehind settings;
  private final JournalKeys keys;
  private final JournalConnection redis;
  private final JournalFormat<K, V> format;
  private final LocalPending<K, V> local;
  private final String consumerName;
  private final Duration claimIdle;
  private final Consumer<? super DeadLetter<K, V>> onDeadLetter;
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
    long longestBlock = Math.max(200, settings.maxDelay().toMillis());
    this.redis = new JournalConnection(b.config, b.commandTimeout,
        Duration.ofMillis(longestBlock));
    try {
      redis.commands.xgroupCreate(XReadArgs.StreamOffset.from(keys.stream, "0"), keys.group,
          XGroupCreateArgs.Builder.mkstream());
    } catch (RedisBusyException alreadyThere) {
      // another instance created the group: fine
    } catch (RuntimeException e) {
      redis.close();
      throw e;
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
    String id;
    try {
      id = redis.commands.xadd(keys.stream, format.fields(key, value, null));
    } catch (RuntimeException e) {
      rejected.increment();
      throw new CacheWriteException(name, key, e);
    }
    enqueued.increment();
    local.added(new PendingWrite<>(key, value, JournalFormat.sequenceOf(id),
        JournalFormat.millisOf(id), id));
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
    StreamWriteLog<K, V> log = new StreamWriteLog<>(keys, redis, format, local, consumerName,
        claimIdle);
    flusher = new Flusher<>(name + "@" + consumerName, settings, log, writer,
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
    return base.plusEnqueueSide(enqueued.sum(), 0, rejected.sum(), 0);
  }

  /** The dead letters (fleet-wide), oldest first, at most {@code max}. */
  public List<DeadLetter<K, V>> deadLetters(int max) {
    List<StreamMessage<String, byte[]>> messages =
        redis.commands.xrange(keys.dead, Range.create("-", "+"), Limit.from(max));
    List<DeadLetter<K, V>> out = new ArrayList<>(messages.size());
    for (StreamMessage<String, byte[]> m : messages) {
      Map<String, byte[]> body = m.getBody();
      PendingWrite<K, V> w;
      try {
        w = format.read(m);
      } catch (RuntimeException undecodable) {
        continue; // kept in the stream for a human; cannot be re-driven
      }
      String originalId = JournalFormat.text(body.get("id"));
      PendingWrite<K, V> original = new PendingWrite<>(w.key(), w.value(), w.seq(),
          originalId == null ? w.enqueuedAtMillis() : JournalFormat.millisOf(originalId),
          originalId);
      String attempts = JournalFormat.text(body.get("attempts"));
      String at = JournalFormat.text(body.get("at"));
      out.add(new DeadLetter<>(m.getId(), original,
          attempts == null ? 0 : Integer.parseInt(attempts), JournalFormat.text(body.get("error")),
          at == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(at))));
    }
    return out;
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
    Objects.requireNonNull(letter, "letter");
    List<StreamMessage<String, byte[]>> still = redis.commands.xrange(keys.dead,
        Range.create(letter.id(), letter.id()));
    if (still.isEmpty()) {
      return false;
    }
    PendingWrite<K, V> w = letter.write();
    redis.commands.xadd(keys.stream, format.fields(w.key(), w.value(), w.seq()));
    redis.commands.xdel(keys.dead, letter.id());
    return true;
  }

  @Override
  public String toString() {
    return "RedisWriteJournal{" + keys.stream + ", consumer=" + consumerName + ", " + settings
        + '}';
  }

  /** Builds a {@link RedisWriteJournal}. */
  public static final class Builder<K, V> {
    private final RedisConfig config;
    private final String name;
    private final KeyCodec<K> keys;
    private final Codec<V> values;
    private WriteBehind settings = WriteBehind.defaults();
    private Duration claimIdle = Duration.ofSeconds(30);
    private Duration commandTimeout = Duration.ofSeconds(2);
    private String consumer;
    private Consumer<? super DeadLetter<K, V>> onDeadLetter;

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

    /** Connects and creates the stream and group if needed. */
    public RedisWriteJournal<K, V> build() {
      return new RedisWriteJournal<>(this);
    }
  }
}
