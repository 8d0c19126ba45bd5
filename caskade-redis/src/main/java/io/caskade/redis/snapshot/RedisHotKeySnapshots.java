package io.caskade.redis.snapshot;

import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.codec.Codec;
import io.caskade.codec.CodecException;
import io.caskade.snapshot.HotKeySnapshots;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache's hot-key snapshot in Redis: a list under {@code c:<cache>:hotkeys}, hottest key first,
 * each key encoded by a {@link Codec} from {@code io.caskade.codec} (or a tier's
 * {@link KeyCodec} through {@link #keys(KeyCodec)}). A snapshot is replaced atomically (one Lua
 * script: delete, push, expire), so a reader sees the old list or the new one, never a mix.
 *
 * <pre>{@code
 * Cache<Long, User> users = Caskade.<Long, User>builder("users")
 *     .loader(dao::find).source(db)
 *     .hotKeySnapshots(RedisHotKeySnapshots.builder(redisConfig, "users",
 *         RedisHotKeySnapshots.keys(KeyCodec.longs())).build(), 1_000, Duration.ofMinutes(1))
 *     .build();
 * WarmUp.of(users).runSnapshot(store);   // at start-up
 * }</pre>
 *
 * Members that no longer decode (the key type changed) are skipped, counted ({@link #undecodable()})
 * and logged. Thread-safe; connects lazily, so a Redis that is down at start-up fails the first
 * store or load (which the cache logs and counts), not the constructor.
 *
 * @param <K> key type
 */
public final class RedisHotKeySnapshots<K> implements HotKeySnapshots<K> {

  private static final Logger log = LoggerFactory.getLogger(RedisHotKeySnapshots.class);

  /** Replaces the list in one step: DEL, RPUSH in chunks (Lua's unpack is bounded), PEXPIRE. */
  private static final String REPLACE = String.join("\n",
      "redis.call('DEL', KEYS[1])",
      "local n = #ARGV",
      "local i = 2",
      "while i <= n do",
      "  local j = math.min(i + 999, n)",
      "  redis.call('RPUSH', KEYS[1], unpack(ARGV, i, j))",
      "  i = j + 1",
      "end",
      "local ttl = tonumber(ARGV[1])",
      "if ttl > 0 and n > 1 then redis.call('PEXPIRE', KEYS[1], ttl) end",
      "return n - 1");

  private final String redisKey;
  private final Codec<K> codec;
  private final Duration ttl;
  private final SnapshotConnection redis;
  private final AtomicLong undecodable = new AtomicLong();

  private RedisHotKeySnapshots(Builder<K> b) {
    this.redisKey = "c:" + b.cache + ":hotkeys";
    this.codec = b.codec;
    this.ttl = b.ttl;
    this.redis = b.platform != null
        ? new SnapshotConnection(b.platform.commands(b.commandTimeout))
        : new SnapshotConnection(b.config, b.commandTimeout);
  }

  /**
   * A builder for the snapshot of cache {@code cache} (the same name its tier uses).
   *
   * @param keyCodec how keys become bytes and back
   */
  public static <K> Builder<K> builder(RedisConfig config, String cache, Codec<K> keyCodec) {
    return new Builder<>(config, cache, keyCodec);
  }

  /**
   * A store for {@code cache}'s snapshots on the application's shared {@code platform} (its
   * command connection); closing the store leaves the platform open.
   */
  public static <K> Builder<K> builder(io.caskade.redis.RedisPlatform platform, String cache,
      Codec<K> keyCodec) {
    Builder<K> b = new Builder<>(platform.config(), cache, keyCodec);
    b.platform = platform;
    return b;
  }

  /** A byte {@link Codec} over a tier's {@link KeyCodec} (UTF-8 of the key's string form). */
  public static <K> Codec<K> keys(KeyCodec<K> keyCodec) {
    Objects.requireNonNull(keyCodec, "keyCodec");
    return new Codec<>() {
      @Override
      public byte[] encode(K key) {
        return keyCodec.encode(key).getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public K decode(byte[] bytes) {
        try {
          return keyCodec.decode(new String(bytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
          throw new CodecException("not a key: " + e.getMessage(), e);
        }
      }
    };
  }

  /** The Redis key holding the list. */
  public String redisKey() {
    return redisKey;
  }

  @Override
  public void store(List<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    byte[][] args = new byte[keys.size() + 1][];
    args[0] = Long.toString(ttl.toMillis()).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < keys.size(); i++) {
      args[i + 1] = codec.encode(Objects.requireNonNull(keys.get(i), "keys must not contain null"));
    }
    redis.sync().<Long>eval(REPLACE, ScriptOutputType.INTEGER, new String[] {redisKey}, args);
  }

  @Override
  public List<K> load() {
    List<byte[]> members = redis.sync().lrange(redisKey, 0, -1);
    List<K> keys = new ArrayList<>(members.size());
    for (byte[] member : members) {
      try {
        keys.add(codec.decode(member));
      } catch (RuntimeException e) {
        if (undecodable.getAndIncrement() == 0) {
          log.warn("'{}': a snapshot member does not decode ({}); skipped, further ones are "
              + "counted", redisKey, e.toString());
        }
      }
    }
    return keys;
  }

  /** Snapshot members skipped because they did not decode. */
  public long undecodable() {
    return undecodable.get();
  }

  @Override
  public void close() {
    redis.close();
  }

  @Override
  public String toString() {
    return "RedisHotKeySnapshots{" + redisKey + '}';
  }

  /**
   * Configures a {@link RedisHotKeySnapshots}. Defaults: 1 s command timeout, snapshots kept for
   * 7 days after the last store.
   *
   * @param <K> key type
   */
  public static final class Builder<K> {
    private final RedisConfig config;
    private io.caskade.redis.RedisPlatform platform;
    private final String cache;
    private final Codec<K> codec;
    private Duration commandTimeout = Duration.ofSeconds(1);
    private Duration ttl = Duration.ofDays(7);

    private Builder(RedisConfig config, String cache, Codec<K> codec) {
      this.config = Objects.requireNonNull(config, "config");
      this.cache = Objects.requireNonNull(cache, "cache");
      if (cache.isBlank()) {
        throw new IllegalArgumentException("cache name must not be blank");
      }
      this.codec = Objects.requireNonNull(codec, "keyCodec");
    }

    /** The longest a store or load may take (default 1 s). */
    public Builder<K> commandTimeout(Duration timeout) {
      this.commandTimeout = positive(timeout, "commandTimeout");
      return this;
    }

    /** How long a snapshot outlives its last store (default 7 days). */
    public Builder<K> ttl(Duration ttl) {
      this.ttl = positive(ttl, "ttl");
      if (ttl.toMillis() == 0) {
        throw new IllegalArgumentException("ttl must be at least 1ms: " + ttl);
      }
      return this;
    }

    /** Builds the store (connects on first use). */
    public RedisHotKeySnapshots<K> build() {
      return new RedisHotKeySnapshots<>(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
