package io.caskade.redis;

import io.caskade.codec.KeyCodec;
import io.caskade.entry.Entry;
import io.caskade.redis.lease.LeaseScripts;
import io.caskade.tier.TierContext;
import io.caskade.tier.TierException;
import io.caskade.tier.TierRejectedException;
import io.caskade.tier.TierStore;
import io.caskade.tier.ValueTooLargeException;
import io.caskade.wire.EnvelopeFormat;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage part of the Redis tier: entries as {@link EnvelopeFormat} bytes under
 * {@link KeyLayout} keys with a physical TTL, every value schema's copy and the lease deleted
 * together on an invalidation (one slot, one script). Bytes that do not decode are a miss:
 * counted, logged once, deleted. Batches are one MGET (one per slot on a Cluster, pipelined).
 * Replies are decoded as they arrive, on Lettuce's I/O thread ({@link EntryOutput},
 * {@link EntriesOutput}), without a {@code byte[]} per value; what they hold is checked, counted
 * and acted on here, on the caller's thread. Every call goes through the tier's {@link Guard}.
 */
final class RedisStore<K, V> implements TierStore<K, V> {

  private static final Logger log = LoggerFactory.getLogger(RedisStore.class);

  private final String cache;
  private final KeyCodec<K> keys;
  private final EnvelopeFormat<V> format;
  private final int maxValueBytes;
  private final TierCounters counters;
  private final KeyLayout layout;
  private final RedisConnection redis;
  private final CommandDeadlines deadlines;
  private final Guard guard;
  private final LeaseScripts scripts;
  private final SchemaRegistry schemas;
  private final AtomicBoolean corruptLogged = new AtomicBoolean();
  private volatile TierContext context;

  RedisStore(String cache, KeyCodec<K> keys, EnvelopeFormat<V> format, int maxValueBytes,
      TierCounters counters, KeyLayout layout, RedisConnection redis, Guard guard,
      CommandDeadlines deadlines, LeaseScripts scripts, SchemaRegistry schemas) {
    this.cache = cache;
    this.keys = keys;
    this.format = format;
    this.maxValueBytes = maxValueBytes;
    this.counters = counters;
    this.layout = layout;
    this.redis = redis;
    this.guard = guard;
    this.deadlines = deadlines;
    this.scripts = scripts;
    this.schemas = schemas;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public KeyCodec<K> keys() {
    return keys;
  }

  @Override
  public void bind(TierContext context) {
    if (!cache.equals(context.cache())) {
      throw new IllegalStateException("this Redis store was built for cache '" + cache
          + "' and cannot serve cache '" + context.cache() + "'");
    }
    this.context = context;
  }

  long generation() {
    return context.generation();
  }

  long knownGeneration() {
    return context.knownGeneration();
  }

  /** The Redis key that holds {@code key}'s value under the current generation. */
  String redisKey(K key) {
    return guard.call("generation read", () -> layout.value(generation(), keys.encode(key)));
  }

  // ------------------------------------------------------------------ reads

  @Override
  public Entry<V> get(K key) {
    Objects.requireNonNull(key, "key");
    String encoded = keys.encode(key);
    return guard.call("get", () -> {
      String redisKey = layout.value(generation(), encoded);
      return accept(redisKey, redis.sync().dispatch(CommandType.GET, new EntryOutput<>(format),
          new CommandArgs<>(RedisConnection.CODEC).addKey(redisKey)));
    });
  }

  @Override
  public Map<K, Entry<V>> getAll(Collection<? extends K> requested) {
    Objects.requireNonNull(requested, "keys");
    if (requested.isEmpty()) {
      return new HashMap<>();
    }
    return guard.call("getAll", () -> {
      long gen = generation();
      @SuppressWarnings("unchecked")
      K[] byPosition = (K[]) requested.toArray();
      String[] redisKeys = new String[byPosition.length];
      for (int i = 0; i < byPosition.length; i++) {
        redisKeys[i] = layout.value(gen, keys.encode(byPosition[i]));
      }
      if (!distinct(redisKeys)) { // each key read and counted once, as the engine asks
        Map<String, K> once = new LinkedHashMap<>();
        for (int i = 0; i < byPosition.length; i++) {
          once.put(redisKeys[i], byPosition[i]);
        }
        redisKeys = once.keySet().toArray(String[]::new);
        @SuppressWarnings("unchecked")
        K[] kept = (K[]) once.values().toArray();
        byPosition = kept;
      }
      Object[] replies = mget(redisKeys);
      Map<K, Entry<V>> result = new HashMap<>(redisKeys.length * 2);
      for (int i = 0; i < redisKeys.length; i++) {
        Entry<V> entry = accept(redisKeys[i], replies[i]);
        if (entry != null) {
          result.put(byPosition[i], entry);
        }
      }
      return result;
    });
  }

  /** True when no two of {@code redisKeys} are equal (positions in an open-addressed table). */
  static boolean distinct(String[] redisKeys) {
    int n = redisKeys.length;
    if (n < 2) {
      return true;
    }
    int[] table = new int[Integer.highestOneBit(2 * n - 1) << 1]; // at least 2n, a power of two
    int mask = table.length - 1;
    for (int i = 0; i < n; i++) {
      int h = redisKeys[i].hashCode();
      int slot = (h ^ (h >>> 16)) & mask;
      while (table[slot] != 0) {
        if (redisKeys[table[slot] - 1].equals(redisKeys[i])) {
          return false;
        }
        slot = (slot + 1) & mask;
      }
      table[slot] = i + 1;
    }
    return true;
  }

  /**
   * What Redis holds under each of {@code redisKeys}, by position (see {@link EntriesOutput}): one
   * MGET standalone; on a Cluster one MGET per slot, all sent before any is awaited.
   */
  private Object[] mget(String[] redisKeys) {
    if (!redis.isCluster()) {
      return redis.sync().dispatch(CommandType.MGET, new EntriesOutput<>(format, redisKeys.length),
          new CommandArgs<>(RedisConnection.CODEC).addKeys(redisKeys));
    }
    Map<Integer, List<Integer>> bySlot = new HashMap<>();
    for (int i = 0; i < redisKeys.length; i++) {
      bySlot.computeIfAbsent(SlotHash.getSlot(redisKeys[i]), s -> new ArrayList<>()).add(i);
    }
    RedisClusterAsyncCommands<String, byte[]> async = redis.async();
    List<int[]> positions = new ArrayList<>(bySlot.size());
    List<RedisFuture<Object[]>> futures = new ArrayList<>(bySlot.size());
    for (List<Integer> slot : bySlot.values()) {
      int[] at = new int[slot.size()];
      CommandArgs<String, byte[]> args = new CommandArgs<>(RedisConnection.CODEC);
      for (int j = 0; j < at.length; j++) {
        at[j] = slot.get(j);
        args.addKey(redisKeys[at[j]]);
      }
      positions.add(at);
      futures.add(async.dispatch(CommandType.MGET, new EntriesOutput<>(format, at.length), args));
    }
    awaitFutures(futures);
    Object[] replies = new Object[redisKeys.length];
    for (int f = 0; f < futures.size(); f++) {
      Object[] part = futures.get(f).toCompletableFuture().join();
      int[] at = positions.get(f);
      for (int j = 0; j < at.length; j++) {
        replies[at[j]] = part[j];
      }
    }
    return replies;
  }

  /** {@link #accept} for envelope bytes read another way (the lease claim script's reply). */
  Entry<V> acceptBytes(String redisKey, byte[] bytes) {
    return accept(redisKey, bytes == null ? null
        : EnvelopeReplies.decode(format, ByteBuffer.wrap(bytes)));
  }

  /**
   * Checks what Redis returned for {@code redisKey} (null, an entry, or an
   * {@link UndecodableReply}: see {@link EntryOutput}); null on any kind of miss.
   */
  @SuppressWarnings("unchecked")
  private Entry<V> accept(String redisKey, Object reply) {
    if (reply == null) {
      counters.misses.increment();
      return null;
    }
    if (reply instanceof UndecodableReply undecodable) {
      if (!undecodable.isCorrupt()) {
        throw rethrow(undecodable.cause());
      }
      corrupt(redisKey, undecodable.bytes(), undecodable.cause());
      return null;
    }
    Entry<V> entry = (Entry<V>) reply;
    if (context.clock().nanos() >= entry.expiresAt()) {
      counters.misses.increment();
      return null;
    }
    counters.hits.increment();
    return entry;
  }

  /** A failure of the I/O thread's decode that is not about the bytes, as it was thrown there. */
  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof Error e) {
      throw e;
    }
    return (RuntimeException) cause;
  }

  private void corrupt(String redisKey, byte[] bytes, Throwable e) {
    counters.corrupt.increment();
    counters.misses.increment();
    if (corruptLogged.compareAndSet(false, true)) {
      log.warn("cache '{}': undecodable value under Redis key '{}' ({}); treated as a miss and "
          + "deleted. Further occurrences are counted (RedisTier.stats().corrupt()) and logged "
          + "at debug.", cache, redisKey, e.getMessage());
    } else {
      log.debug("cache '{}': undecodable value under '{}': {}", cache, redisKey, e.getMessage());
    }
    scripts.deleteIfEquals(redisKey, bytes);
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void put(K key, Entry<V> entry) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(entry, "entry");
    String encoded = keys.encode(key);
    byte[] bytes = encode(encoded, entry);
    long ttl = ttlMillis(entry);
    if (ttl <= 0) {
      return;
    }
    guard.run("put", () -> putEverySchema(generation(), encoded, bytes, ttl));
  }

  /**
   * Stores {@code entry} in place of the old copy in one script (this schema's copy set, the lease
   * and every other schema's copy deleted: no moment in which the key is absent). A value Redis
   * cannot hold is refused; an expired one deletes.
   */
  @Override
  public void replace(K key, Entry<V> entry) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(entry, "entry");
    String encoded = keys.encode(key);
    byte[] bytes = encode(encoded, entry);
    long ttl = ttlMillis(entry);
    if (ttl <= 0) {
      delete(List.of(key));
      return;
    }
    guard.run("replace", () -> putEverySchema(generation(), encoded, bytes, ttl));
  }

  /** Stores this schema's copy and deletes the lease and every other schema's (now stale) one. */
  private void putEverySchema(long gen, String encoded, byte[] bytes, long ttl) {
    String[] all = layout.invalidation(gen, encoded, schemas.all(redis.sync()));
    if (!schemas.writable(redis.sync())) {
      scripts.invalidate(all); // a version others may not know yet stores nothing
      return;
    }
    String own = layout.value(gen, encoded);
    scripts.put(own, Arrays.stream(all).filter(k -> !k.equals(own))
        .toArray(String[]::new), bytes, ttl);
  }

  /** The envelope of {@code entry}; a codec failure or an oversized value is a refusal. */
  byte[] encode(String encodedKey, Entry<V> entry) {
    byte[] bytes;
    try {
      bytes = format.encode(entry);
    } catch (RuntimeException e) {
      counters.unencodable.increment();
      throw new TierRejectedException("cache '" + cache + "': value for key '" + encodedKey
          + "' could not be encoded (" + e + "); not stored in Redis", e);
    }
    if (bytes.length > maxValueBytes) {
      counters.oversized.increment();
      throw new ValueTooLargeException(cache, encodedKey, bytes.length, maxValueBytes, "Redis",
          "RedisTierBuilder.maxValueBytes");
    }
    return bytes;
  }

  long ttlMillis(Entry<V> entry) {
    long remaining = entry.expiresAt() - context.clock().nanos();
    return remaining <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining));
  }

  /** Deletes every schema's copy and the lease of each key (one script per key, pipelined). */
  @Override
  public void delete(Collection<? extends K> dropped) {
    Objects.requireNonNull(dropped, "keys");
    if (dropped.isEmpty()) {
      return;
    }
    guard.run("invalidate", () -> {
      long gen = generation();
      List<String> suffixes = schemas.all(redis.sync());
      if (dropped.size() == 1) {
        K key = dropped.iterator().next();
        scripts.invalidate(layout.invalidation(gen, keys.encode(key), suffixes));
        return;
      }
      RedisClusterAsyncCommands<String, byte[]> async = redis.async();
      List<RedisFuture<Long>> futures = new ArrayList<>(dropped.size());
      for (K k : dropped) {
        futures.add(async.del(layout.invalidation(gen, keys.encode(k), suffixes)));
      }
      awaitFutures(futures);
    });
  }

  private void awaitFutures(List<? extends RedisFuture<?>> futures) {
    RedisFuture<?>[] array = futures.toArray(new RedisFuture<?>[0]);
    long limit = deadlines.remainingNanos();
    if (!LettuceFutures.awaitAll(limit, TimeUnit.NANOSECONDS, array)) {
      for (RedisFuture<?> f : array) {
        f.cancel(true);
      }
      throw new TierException("redis pipeline of " + array.length + " commands timed out after "
          + TimeUnit.NANOSECONDS.toMillis(limit) + " ms");
    }
  }

  // ------------------------------------------------------------------ connection

  /**
   * Connects and tries what the store needs (AUTH, reading the generation, the schema registry,
   * the lease scripts on this cache's keys), so that a refusal surfaces at build.
   */
  void connectAndCheck(String origin) {
    redis.connect();
    long gen = guard.call("generation read", this::generation);
    guard.run("schema registry", () -> schemas.refresh(redis.sync()));
    String token = origin + ":check";
    String checkKey = layout.lease(gen, "caskade-access-check");
    guard.run("lease script check", () -> {
      scripts.acquire(checkKey, token, 1_000);
      scripts.release(checkKey, token);
    });
  }

  /**
   * Runs on the maintenance thread: connects if not yet, probes Redis while the breaker is open
   * or half-open (callers never do), re-reads the schema registry when stale.
   *
   * @return whether Redis is connected
   */
  boolean maintain() {
    if (!redis.isConnected()) {
      try {
        redis.connect();
      } catch (RuntimeException e) {
        guard.failure("connect", e);
        log.debug("cache '{}': Redis still unreachable: {}", cache, e.toString());
        return false;
      }
    }
    if (!guard.callersAllowed()) {
      guard.probe(() -> redis.sync().ping());
    }
    if (schemas.isVersioned()) {
      try {
        guard.run("schema registry", () -> schemas.all(redis.sync())); // re-read when stale
      } catch (RuntimeException e) {
        log.debug("cache '{}': schema registry not read: {}", cache, e.toString());
      }
    }
    return true;
  }
}
