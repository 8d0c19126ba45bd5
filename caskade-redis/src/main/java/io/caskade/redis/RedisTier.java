package io.caskade.redis;

import io.caskade.tier.internal.PendingInvalidations;
import io.caskade.codec.KeyCodec;
import io.caskade.entry.Entry;
import io.caskade.invalidation.TagVersions;
import io.caskade.redis.bus.BusListener;
import io.caskade.redis.bus.InvalidationBus;
import io.caskade.bus.InvalidationMessage;
import io.caskade.codec.Codec;
import io.caskade.redis.lease.LeaseScripts;
import io.caskade.wire.CorruptEnvelopeException;
import io.caskade.wire.EnvelopeFormat;
import io.caskade.tier.Lease;
import io.caskade.tier.Leases;
import io.caskade.tier.RemoteInvalidationListener;
import io.caskade.tier.Tier;
import io.caskade.tier.TierException;
import io.caskade.tier.TierRejectedException;
import io.caskade.tier.ValueTooLargeException;
import io.caskade.time.CacheClock;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The L2 tier on Redis (standalone or Cluster) with Lettuce.
 *
 * <pre>{@code
 * RedisTier<Long, User> tier = RedisTier.builder(RedisConfig.parse("redis://127.0.0.1:6379"),
 *         "users", KeyCodec.longs(), JacksonCodec.of(User.class))
 *     .commandTimeout(Duration.ofMillis(250))
 *     .build();
 * Cache<Long, User> users = Caskade.<Long, User>builder("users").l2(tier).loader(dao::find).build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Wire:</b> entries are stored as {@link EnvelopeFormat} bytes (binary header + codec
 *       payload) with a physical TTL at {@link Entry#expiresAt()}. Bytes that do not decode are a
 *       miss: counted, logged once, deleted, never thrown and never served. An envelope over
 *       {@link Builder#maxValueBytes} is rejected with {@link ValueTooLargeException}.
 *   <li><b>Leases:</b> {@link #leases()} gives fleet-wide single-flight with Lua scripts; every
 *       invalidation deletes the value and voids its lease in one command (see
 *       {@link LeaseScripts}). {@link Builder#leases(boolean) leases(false)} turns them off.
 *   <li><b>Namespace generations:</b> a counter that is part of every key;
 *       {@link #invalidateAll()} bumps it. Other instances learn it from the bus or by re-reading
 *       it at least every {@link Builder#refreshInterval}. Generations and tag versions never
 *       go back, even when Redis loses them: they are kept above the server clock in
 *       microseconds, so a re-created counter starts above every number issued before.
 *   <li><b>Tags:</b> {@link #tagVersions()} keeps tag versions in Redis; an entry recorded under
 *       an older version is a miss on every instance.
 *   <li><b>Value versions:</b> {@link Builder#valueVersion} gives each value schema its own copy
 *       of a key (rolling deploys: no instance reads or deletes another version's bytes); every
 *       invalidation deletes all versions' copies.
 *   <li><b>Bus:</b> invalidations are published on Redis pub/sub; other instances evict their L1
 *       through the {@link #subscribe(RemoteInvalidationListener) listener}. A lost subscription
 *       is counted, and when it comes back the listener is told {@code onAll()}.
 *   <li><b>Failures:</b> a cache read waits on Redis at most the command timeout in total, over
 *       all its round trips (see {@link io.caskade.tier.CallBudget}); a circuit breaker makes
 *       calls fail at once with {@link TierException} while Redis keeps failing, and only the
 *       maintenance thread probes it again; invalidations that cannot reach Redis are queued (last
 *       per key) and replayed, in order, as soon as it answers again. Reconnection and recovery
 *       are automatic. A value too large or not encodable is refused
 *       ({@link io.caskade.tier.TierRejectedException}), which is not an outage; a fill that fails
 *       releases its lease at once.
 *   <li><b>Refusals:</b> wrong credentials, ACL or configuration fail {@link Builder#build()} with
 *       {@link RedisAccessException} (the server's error); later ones show in {@link #stats()}
 *       ({@code state} REFUSED, {@code lastError}). An unreachable server does not fail the
 *       build.
 *   <li><b>Batches:</b> {@link #getAll} is one MGET (on a Cluster, one MGET per slot, pipelined);
 *       multi-key invalidations are pipelined.
 * </ul>
 *
 * <p>An application with several caches builds one {@link RedisPlatform} and gives it to every
 * tier ({@link #builder(RedisPlatform, String, KeyCodec, Codec)}): they share its client,
 * connections and maintenance thread, each with its own command timeout, breaker and bus. A tier
 * built from a {@link RedisConfig} has a platform of its own.
 *
 * <p>Thread-safe. Close it (or the cache that owns it) to release what it holds: its bus
 * subscription and maintenance task, and its own platform if it has one (a shared one stays).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class RedisTier<K, V> implements Tier<K, V> {

  private static final Logger log = LoggerFactory.getLogger(RedisTier.class);

  private final String cache;
  private final KeyCodec<K> keys;
  private final EnvelopeFormat<V> format;
  private final int maxValueBytes;
  private final CacheClock clock;
  private final long leaseTtlMillis;
  private final boolean leasesEnabled;
  private final String origin = UUID.randomUUID().toString();
  private final AtomicLong tokens = new AtomicLong();
  private final TierCounters counters = new TierCounters();
  private final KeyLayout layout;
  private final RedisConnection redis;
  private final CommandDeadlines deadlines;
  private final Guard guard;
  private final LeaseScripts scripts;
  private final NamespaceGeneration generation;
  private final SchemaRegistry schemas;
  private final PendingInvalidations pending;
  private final RedisTagVersions tagVersions;
  private final InvalidationBus bus;
  private final TierLeases leases;
  private final RedisPlatform platform;
  private final boolean ownsPlatform;
  private volatile ScheduledFuture<?> maintenance;
  private final AtomicBoolean corruptLogged = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile RemoteInvalidationListener<K> listener;
  /** Numbered key invalidations: gaps and silent losses clear only their partitions of L1. */
  private final SequencedInvalidations<K> sequenced;
  /** The bus is down and L1 was told to stop trusting itself (Redis unreachable too). */
  private volatile boolean busDownDistrusted;
  /** The subscription came back without distrust: compare sequences on the next maintenance. */
  private volatile boolean resyncNeeded;

  private RedisTier(Builder<K, V> b) {
    this.cache = b.cache;
    this.keys = b.keyCodec;
    this.format = new EnvelopeFormat<>(b.valueCodec);
    this.maxValueBytes = b.maxValueBytes;
    this.clock = b.clock;
    this.leaseTtlMillis = b.leaseTtl.toMillis();
    this.leasesEnabled = b.leases;
    this.schemas = new SchemaRegistry(KeyLayout.schemas(cache), b.valueVersion,
        b.refreshInterval.toNanos(), b.commandTimeout.toNanos());
    this.layout = new KeyLayout(cache, schemas::ownSuffix);
    this.ownsPlatform = b.platform == null;
    this.platform = ownsPlatform
        ? RedisPlatform.builder(b.config).commandTimeout(b.commandTimeout).build()
        : b.platform;
    this.deadlines = platform.deadlines();
    this.redis = platform.commandConnection();
    this.guard = new Guard(cache, b.circuitBreaker(), counters, deadlines,
        b.commandTimeout.toNanos());
    this.scripts = new LeaseScripts(redis::sync);
    long refreshNanos = b.refreshInterval.toNanos();
    this.generation = new NamespaceGeneration(layout.generation(), refreshNanos, this::onReset);
    this.pending = new PendingInvalidations(b.maxPendingInvalidations);
    this.sequenced = new SequencedInvalidations<>(cache, keys, b.invalidationPartitions,
        refreshNanos);
    this.tagVersions = new RedisTagVersions(layout, guard, redis, pending, counters, refreshNanos);
    this.bus = new InvalidationBus(cache, origin, new BusHandler(), platform.pubSub(),
        (channel, bytes) -> redis.sync().publish(channel, bytes));
    this.tagVersions.attach(bus);
    this.leases = new TierLeases();
    try {
      connectAndCheck();
    } catch (RuntimeException e) {
      RedisAccessException refused =
          RedisErrors.asAccessError("cache '" + cache + "'", b.config, e);
      if (refused != null) {
        closeQuietly();
        throw refused;
      }
      guard.failure("connect", e);
      log.warn("cache '{}': Redis not reachable at start ({}); running on L1 and the source, "
          + "reconnecting in the background", cache, rootCause(e));
    }
    this.maintenance = platform.scheduleMaintenance(this::maintain, b.recoveryProbeInterval);
  }

  /**
   * Connects and tries what the tier needs (AUTH, reading the generation, the lease scripts on
   * this cache's keys, SUBSCRIBE on its channel), so that a refusal surfaces at build.
   */
  private void connectAndCheck() {
    redis.connect();
    long gen = guard.call("generation read", () -> generation.current(redis.sync()));
    guard.run("schema registry", () -> schemas.refresh(redis.sync()));
    String token = origin + ":check";
    String checkKey = layout.lease(gen, "caskade-access-check");
    guard.run("lease script check", () -> {
      scripts.acquire(checkKey, token, 1_000);
      scripts.release(checkKey, token);
    });
    bus.ensureSubscribed();
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.toString() : e + ", caused by " + root;
  }

  /**
   * A builder for the tier of cache {@code cache}.
   *
   * @param config where Redis is
   * @param cache the cache name: the prefix of every Redis key and the bus channel (no braces)
   * @param keyCodec how keys become strings and back
   * @param valueCodec how values become bytes, e.g. {@code JacksonCodec.of(User.class)}
   */
  public static <K, V> Builder<K, V> builder(RedisConfig config, String cache,
      KeyCodec<K> keyCodec, Codec<V> valueCodec) {
    return new Builder<>(Objects.requireNonNull(config, "config"), null, cache, keyCodec,
        valueCodec);
  }

  /**
   * A builder for the tier of cache {@code cache} on the application's shared {@code platform}
   * (its client, connections and maintenance thread); closing the tier leaves the platform open.
   *
   * @param platform the application's Redis platform
   * @param cache the cache name: the prefix of every Redis key and the bus channel (no braces)
   * @param keyCodec how keys become strings and back
   * @param valueCodec how values become bytes, e.g. {@code JacksonCodec.of(User.class)}
   */
  public static <K, V> Builder<K, V> builder(RedisPlatform platform, String cache,
      KeyCodec<K> keyCodec, Codec<V> valueCodec) {
    Objects.requireNonNull(platform, "platform");
    if (platform.isClosed()) {
      throw new IllegalStateException(platform + " is closed");
    }
    return new Builder<>(platform.config(), platform, cache, keyCodec, valueCodec);
  }

  @Override
  public String name() {
    return "redis";
  }

  /**
   * Checks that the cache this tier is given to is the one it was built for (its Redis keys and
   * channel carry that name).
   *
   * @throws IllegalStateException when the names differ
   */
  @Override
  public void bind(String cacheName, CacheClock cacheClock) {
    if (!cache.equals(cacheName)) {
      throw new IllegalStateException("this Redis tier was built for cache '" + cache
          + "' and cannot serve cache '" + cacheName + "': build one tier per cache");
    }
  }

  /** The cache name this tier stores. */
  public String cacheName() {
    return cache;
  }

  /** This instance's id on the bus. */
  public String origin() {
    return origin;
  }

  /** A snapshot of the counters, the state and the last error. */
  public RedisTierStats stats() {
    return new RedisTierStats(counters.hits.sum(), counters.misses.sum(), counters.corrupt.sum(),
        counters.oversized.sum(), counters.unencodable.sum(), counters.errors.sum(),
        counters.budgetSpent.sum(), counters.circuitRejected.sum(),
        counters.leasesGranted.sum(), counters.leasesHeld.sum(), counters.fillsRejected.sum(),
        bus.received(), bus.ignoredOwn(), bus.gaps(), bus.resubscriptions(),
        counters.queued.sum(), counters.replayed.sum(), pending.size(),
        guard.breaker().getState().name(), guard.state(redis.isConnected()), guard.lastError(),
        sequenced.partitionsLost());
  }

  /** True while the invalidation bus subscription is live. */
  public boolean isBusUp() {
    return bus.isUp();
  }

  /** The Redis key that holds {@code key}'s value under the current generation (for tools). */
  public String redisKey(K key) {
    return guard.call("generation read",
        () -> layout.value(generation.current(redis.sync()), keys.encode(key)));
  }

  // ------------------------------------------------------------------ reads

  @Override
  public Entry<V> get(K key) {
    Objects.requireNonNull(key, "key");
    String encoded = keys.encode(key);
    if (pending.covers(encoded)) {
      counters.misses.increment(); // our own invalidation of it is still queued: Redis holds the past
      return null;
    }
    return guard.call("get", () -> {
      String redisKey = layout.value(generation.current(redis.sync()), encoded);
      byte[] bytes = redis.sync().get(redisKey);
      return accept(redisKey, bytes);
    });
  }

  @Override
  public Map<K, Entry<V>> getAll(Collection<? extends K> requested) {
    Objects.requireNonNull(requested, "keys");
    if (requested.isEmpty()) {
      return Map.of();
    }
    return guard.call("getAll", () -> {
      long gen = generation.current(redis.sync());
      Map<String, K> byRedisKey = new LinkedHashMap<>();
      for (K key : requested) {
        byRedisKey.put(layout.value(gen, keys.encode(key)), key);
      }
      Map<String, byte[]> found = mget(new ArrayList<>(byRedisKey.keySet()));
      Map<K, Entry<V>> result = new HashMap<>(found.size() * 2);
      for (Map.Entry<String, K> e : byRedisKey.entrySet()) {
        if (pending.covers(keys.encode(e.getValue()))) {
          counters.misses.increment();
          continue;
        }
        Entry<V> entry = accept(e.getKey(), found.get(e.getKey()));
        if (entry != null) {
          result.put(e.getValue(), entry);
        }
      }
      return result;
    });
  }

  /** One MGET standalone; on a Cluster one MGET per slot, all sent before any is awaited. */
  private Map<String, byte[]> mget(List<String> redisKeys) {
    Map<String, byte[]> found = new HashMap<>(redisKeys.size() * 2);
    if (!redis.isCluster()) {
      for (KeyValue<String, byte[]> kv : redis.sync().mget(redisKeys.toArray(String[]::new))) {
        if (kv.hasValue()) {
          found.put(kv.getKey(), kv.getValue());
        }
      }
      return found;
    }
    Map<Integer, List<String>> bySlot = new HashMap<>();
    for (String k : redisKeys) {
      bySlot.computeIfAbsent(SlotHash.getSlot(k), s -> new ArrayList<>()).add(k);
    }
    RedisClusterAsyncCommands<String, byte[]> async = redis.async();
    List<RedisFuture<List<KeyValue<String, byte[]>>>> futures = new ArrayList<>();
    for (List<String> slotKeys : bySlot.values()) {
      futures.add(async.mget(slotKeys.toArray(String[]::new)));
    }
    for (KeyValue<String, byte[]> kv : awaitAll(futures)) {
      if (kv.hasValue()) {
        found.put(kv.getKey(), kv.getValue());
      }
    }
    return found;
  }

  /** Decodes and checks what Redis returned for {@code redisKey}; null on any kind of miss. */
  private Entry<V> accept(String redisKey, byte[] bytes) {
    if (bytes == null) {
      counters.misses.increment();
      return null;
    }
    Entry<V> entry;
    try {
      entry = format.decode(bytes);
    } catch (CorruptEnvelopeException e) {
      corrupt(redisKey, bytes, e);
      return null;
    }
    if (clock.nanos() >= entry.expiresAt()
        || (!entry.tagVersions().isEmpty() && !tagVersions.isCurrent(entry.tagVersions()))) {
      counters.misses.increment();
      return null;
    }
    counters.hits.increment();
    return entry;
  }

  private void corrupt(String redisKey, byte[] bytes, CorruptEnvelopeException e) {
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
    guard.run("put", () -> {
      long gen = generation.current(redis.sync());
      putEverySchema(gen, encoded, bytes, ttl);
    });
  }

  /**
   * Stores {@code entry} in place of the old copy in one script (this schema's copy set, the lease
   * and every other schema's copy deleted: no moment in which the key is absent), then announces
   * it like an invalidation so other instances drop their L1 copies. A value L2 cannot hold
   * invalidates the old copy and is refused; when Redis cannot be reached the invalidation is
   * queued for replay and a {@link TierException} says so.
   */
  @Override
  public void replace(K key, Entry<V> entry) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(entry, "entry");
    String encoded = keys.encode(key);
    byte[] bytes;
    try {
      bytes = encode(encoded, entry);
    } catch (TierRejectedException e) {
      invalidate(key);
      throw e;
    }
    long ttl = ttlMillis(entry);
    if (ttl <= 0) {
      invalidate(key);
      return;
    }
    try {
      guard.run("replace", () -> {
        long gen = generation.current(redis.sync());
        putEverySchema(gen, encoded, bytes, ttl);
        announce(List.of(encoded));
      });
    } catch (TierException e) {
      queue(PendingInvalidations.Kind.KEY, encoded);
      throw new TierException("replace of '" + encoded + "' failed; its invalidation is queued "
          + "for replay: " + e.getMessage(), e);
    }
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
  private byte[] encode(String encodedKey, Entry<V> entry) {
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
          "RedisTier.Builder.maxValueBytes");
    }
    return bytes;
  }

  private long ttlMillis(Entry<V> entry) {
    long remaining = entry.expiresAt() - clock.nanos();
    return remaining <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining));
  }

  // ------------------------------------------------------------------ invalidation

  /**
   * Deletes the value and voids its lease, then announces it. When Redis cannot be reached the
   * invalidation is queued for replay and a {@link TierException} says so.
   */
  @Override
  public void invalidate(K key) {
    Objects.requireNonNull(key, "key");
    String encoded = keys.encode(key);
    try {
      deleteAndAnnounce(List.of(encoded));
    } catch (TierException e) {
      queue(PendingInvalidations.Kind.KEY, encoded);
      throw new TierException("invalidation of '" + encoded + "' queued for replay: "
          + e.getMessage(), e);
    }
  }

  @Override
  public void invalidateAll(Collection<? extends K> keysToDrop) {
    Objects.requireNonNull(keysToDrop, "keys");
    if (keysToDrop.isEmpty()) {
      return;
    }
    List<String> encoded = new ArrayList<>(keysToDrop.size());
    keysToDrop.forEach(k -> encoded.add(keys.encode(k)));
    try {
      deleteAndAnnounce(encoded);
    } catch (TierException e) {
      encoded.forEach(k -> queue(PendingInvalidations.Kind.KEY, k));
      throw new TierException(encoded.size() + " invalidations queued for replay: "
          + e.getMessage(), e);
    }
  }

  @Override
  public void invalidateAll() {
    try {
      bumpNamespace();
    } catch (TierException e) {
      queue(PendingInvalidations.Kind.NAMESPACE, "");
      throw new TierException("namespace bump queued for replay: " + e.getMessage(), e);
    }
  }

  private void deleteAndAnnounce(List<String> encoded) {
    guard.run("invalidate", () -> {
      long gen = generation.current(redis.sync());
      List<String> suffixes = schemas.all(redis.sync());
      if (encoded.size() == 1) {
        scripts.invalidate(layout.invalidation(gen, encoded.get(0), suffixes));
      } else {
        RedisClusterAsyncCommands<String, byte[]> async = redis.async();
        List<RedisFuture<Long>> futures = new ArrayList<>(encoded.size());
        for (String k : encoded) {
          futures.add(async.del(layout.invalidation(gen, k, suffixes)));
        }
        awaitFutures(futures);
      }
      announce(encoded);
    });
  }

  /** Tells other instances (numbered per partition, see {@link SequencedInvalidations}). */
  private void announce(List<String> encoded) {
    InvalidationMessage.Kind kind = encoded.size() == 1 ? InvalidationMessage.Kind.KEY
        : InvalidationMessage.Kind.KEYS;
    sequenced.publish(redis.sync(), bus.channel(), bus.message(kind, encoded, null, 0), encoded);
  }

  private void bumpNamespace() {
    guard.run("namespace bump", () -> {
      long g = generation.bump(redis.sync());
      bus.publish(InvalidationMessage.Kind.NAMESPACE, List.of(), null, g);
    });
  }

  private void queue(PendingInvalidations.Kind kind, String target) {
    pending.add(kind, target);
    counters.queued.increment();
  }

  private <T> List<T> awaitAll(List<? extends RedisFuture<? extends Collection<T>>> futures) {
    List<T> all = new ArrayList<>();
    awaitFutures(futures);
    for (RedisFuture<? extends Collection<T>> f : futures) {
      all.addAll(f.toCompletableFuture().join());
    }
    return all;
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

  // ------------------------------------------------------------------ SPI extras

  @Override
  public Leases<K, V> leases() {
    return leasesEnabled ? leases : null;
  }

  @Override
  public TagVersions tagVersions() {
    return tagVersions;
  }

  @Override
  public void subscribe(RemoteInvalidationListener<K> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  // ------------------------------------------------------------------ maintenance

  /**
   * Runs on the maintenance thread: connects and subscribes if not yet, probes Redis while the
   * breaker is open or half-open (callers never do: they see it open until a probe worked),
   * replays queued invalidations.
   */
  private void maintain() {
    if (closed.get()) {
      return;
    }
    if (!redis.isConnected()) {
      try {
        redis.connect();
      } catch (RuntimeException e) {
        guard.failure("connect", e);
        log.debug("cache '{}': Redis still unreachable: {}", cache, e.toString());
        return;
      }
    }
    try {
      if (!bus.isUp()) {
        bus.ensureSubscribed();
      }
    } catch (RuntimeException e) {
      log.debug("cache '{}': bus subscription attempt failed: {}", cache, e.toString());
    }
    if (!guard.callersAllowed()) {
      guard.probe(() -> redis.sync().ping());
    }
    repairSequences();
    if (schemas.isVersioned()) {
      try {
        guard.run("schema registry", () -> schemas.all(redis.sync())); // re-read when stale
      } catch (RuntimeException e) {
        log.debug("cache '{}': schema registry not read: {}", cache, e.toString());
      }
    }
    if (pending.isEmpty()) {
      return;
    }
    try {
      int n = pending.replay(this::apply);
      if (n > 0) {
        counters.replayed.add(n);
        log.info("cache '{}': replayed {} invalidations queued during a Redis outage", cache, n);
      }
    } catch (RuntimeException e) {
      log.debug("cache '{}': replay postponed: {}", cache, e.toString());
    }
  }

  /**
   * The maintenance thread's half of the numbered invalidations: while the subscription is down
   * (and L1 still trusted) or just came back, compare with Redis and drop the partitions that moved;
   * while it is up, the periodic check for silent losses. If Redis cannot be asked while the bus is
   * down, L1 stops trusting itself.
   */
  private void repairSequences() {
    RemoteInvalidationListener<K> l = listener;
    if (l == null || closed.get()) {
      return;
    }
    try {
      Set<Integer> lost;
      if ((!bus.isUp() && !busDownDistrusted) || resyncNeeded) {
        lost = guard.call("sequence resync", () -> sequenced.resync(redis.sync()));
        resyncNeeded = false;
      } else if (bus.isUp()) {
        lost = guard.call("sequence check", () -> sequenced.checkIfDue(redis.sync()));
      } else {
        return;
      }
      if (!lost.isEmpty()) {
        log.info("cache '{}': invalidations missed in {} partition(s); dropping their keys from L1",
            cache, lost.size());
        l.onKeysLost(sequenced.affected(lost));
      }
    } catch (RuntimeException e) {
      if (!bus.isUp() && !busDownDistrusted) {
        distrust();
      } else if (resyncNeeded) {
        resyncNeeded = false;
        l.onAll(); // came back but cannot compare: clear all, as without sequences
      }
      log.debug("cache '{}': sequence check failed: {}", cache, e.toString());
    }
  }

  /** Invalidations can be neither heard nor compared: L1 stops trusting what it holds. */
  private void distrust() {
    busDownDistrusted = true;
    RemoteInvalidationListener<K> l = listener;
    if (l != null) {
      l.onBusDown();
    }
  }

  /**
   * Replays one queued invalidation, then applies it to this instance's L1 as well: the bus does
   * not echo our own messages, and L1 may have been refilled from Redis's old copy meanwhile.
   */
  private void apply(PendingInvalidations.Item item) {
    RemoteInvalidationListener<K> l = listener;
    switch (item.kind()) {
      case KEY -> {
        deleteAndAnnounce(List.of(item.target()));
        if (l != null) {
          l.onKeys(List.of(keys.decode(item.target())));
        }
      }
      case TAG -> {
        tagVersions.bumpInRedis(item.target());
        if (l != null) {
          l.onTag(item.target());
        }
      }
      case NAMESPACE -> {
        bumpNamespace();
        if (l != null) {
          l.onAll();
        }
      }
      default -> throw new IllegalStateException(item.toString());
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeQuietly();
  }

  /**
   * Stops the maintenance task, then the bus; then, when the tier made its own platform, that
   * platform (connections, client, threads). A shared platform stays open.
   */
  private void closeQuietly() {
    closed.set(true);
    ScheduledFuture<?> task = maintenance;
    if (task != null) {
      task.cancel(false);
    }
    try {
      bus.close();
    } finally {
      if (ownsPlatform) {
        platform.close();
      }
    }
  }

  @Override
  public String toString() {
    return "RedisTier{" + cache + ", breaker=" + guard.breaker().getState() + ", bus="
        + (bus.isUp() ? "up" : "down") + '}';
  }

  /** The generation changed without a bus message (a missed bump, or Redis reset): clear L1. */
  private void onReset() {
    RemoteInvalidationListener<K> l = listener;
    if (l != null) {
      l.onAll();
    }
  }

  // ------------------------------------------------------------------ inner parts

  /** Applies other instances' messages to this instance. */
  private final class BusHandler implements BusListener {
    @Override
    public void onMessage(InvalidationMessage m) {
      RemoteInvalidationListener<K> l = listener;
      switch (m.kind()) {
        case KEY, KEYS -> {
          if (l != null) {
            List<K> decoded = new ArrayList<>(m.keys().size());
            try {
              m.keys().forEach(k -> decoded.add(keys.decode(k)));
            } catch (RuntimeException e) {
              log.warn("cache '{}': cannot decode keys {} from the bus; clearing L1", cache,
                  m.keys());
              l.onAll();
              return;
            }
            Set<Integer> gaps = sequenced.onMessage(m.seqs());
            if (!gaps.isEmpty()) {
              log.info("cache '{}': invalidations lost in {} partition(s) {}; dropping their "
                  + "keys from L1", cache, gaps.size(), gaps);
              l.onKeysLost(sequenced.affected(gaps));
            }
            l.onKeys(decoded);
          }
        }
        case TAG -> {
          tagVersions.learn(m.tag(), m.version());
          if (l != null) {
            l.onTag(m.tag());
          }
        }
        case NAMESPACE -> {
          generation.learn(m.version());
          if (l != null) {
            l.onAll();
          }
        }
        case ALL -> {
          if (l != null) {
            l.onAll();
          }
        }
        default -> log.debug("cache '{}': ignoring bus message {}", cache, m);
      }
    }

    /**
     * While Redis still answers commands, L1 stays trusted: the maintenance thread compares the
     * partitions' sequences with what was heard at every tick and drops only the partitions that
     * moved. Only when Redis cannot be asked either does L1 stop trusting itself.
     */
    @Override
    public void onLost() {
      if (!guard.callersAllowed()) {
        distrust();
      }
    }

    @Override
    public void onResubscribed() {
      generation.markStale();
      tagVersions.markAllStale();
      RemoteInvalidationListener<K> l = listener;
      if (busDownDistrusted) {
        busDownDistrusted = false;
        if (l != null) {
          l.onAll();
        }
      } else {
        resyncNeeded = true; // on the maintenance thread, not on Lettuce's
      }
    }
  }

  /** Leases over the lease scripts, under the same guard as every other call. */
  private final class TierLeases implements Leases<K, V> {
    @Override
    public Lease acquire(K key) {
      String encoded = keys.encode(key);
      String token = origin + ':' + tokens.incrementAndGet();
      boolean granted = guard.call("lease acquire", () -> {
        long gen = generation.current(redis.sync());
        return scripts.acquire(layout.lease(gen, encoded), token, leaseTtlMillis);
      });
      if (granted) {
        counters.leasesGranted.increment();
        return Lease.granted(token);
      }
      counters.leasesHeld.increment();
      return Lease.heldElsewhere();
    }

    @Override
    public boolean fill(K key, Entry<V> entry, Lease lease) {
      if (!lease.isGranted()) {
        return false;
      }
      String encoded = keys.encode(key);
      byte[] bytes;
      try {
        bytes = encode(encoded, entry);
      } catch (RuntimeException e) {
        releaseAfterFailedFill(encoded, lease.token());
        throw e;
      }
      long ttl = ttlMillis(entry);
      boolean stored;
      try {
        stored = guard.call("lease fill", () -> {
          long gen = generation.current(redis.sync());
          if (ttl <= 0) {
            scripts.release(layout.lease(gen, encoded), lease.token());
            return false;
          }
          if (!schemas.writable(redis.sync())) {
            // a version others may not know yet stores nothing; the lease check still decides
            return scripts.release(layout.lease(gen, encoded), lease.token());
          }
          return scripts.fill(layout.value(gen, encoded), layout.lease(gen, encoded),
              lease.token(), bytes, ttl);
        });
      } catch (RuntimeException e) {
        releaseAfterFailedFill(encoded, lease.token()); // timeout, interruption, breaker, budget
        throw e;
      }
      if (!stored) {
        counters.fillsRejected.increment();
      }
      return stored;
    }

    /**
     * Releases the lease of a fill that did not happen, without the caller waiting: sent and not
     * awaited, under the generation the fill would have used (none known: nothing to release).
     */
    private void releaseAfterFailedFill(String encoded, String token) {
      long gen = generation.known();
      if (gen < 0 || closed.get()) {
        return;
      }
      try {
        scripts.releaseAsync(redis.async(), layout.lease(gen, encoded), token);
      } catch (RuntimeException e) {
        log.debug("cache '{}': lease of '{}' left to expire: {}", cache, encoded, e.toString());
      }
    }

    @Override
    public void release(K key, Lease lease) {
      if (!lease.isGranted()) {
        return;
      }
      String encoded = keys.encode(key);
      guard.run("lease release", () -> {
        long gen = generation.current(redis.sync());
        scripts.release(layout.lease(gen, encoded), lease.token());
      });
    }
  }

  /**
   * Configures a {@link RedisTier}. Defaults: 500 ms command timeout, 1 MiB values, leases on
   * with a 5 s lease TTL, generations and tags re-read at least every second, circuit open for
   * 1 s after half of the last 10 calls failed (at least 5), up to 10,000 queued invalidations.
   */
  public static final class Builder<K, V> {
    private final RedisConfig config;
    private final RedisPlatform platform;
    private final String cache;
    private final KeyCodec<K> keyCodec;
    private final Codec<V> valueCodec;
    private Duration commandTimeout = Duration.ofMillis(500);
    private int maxValueBytes = 1 << 20;
    private boolean leases = true;
    private Duration leaseTtl = Duration.ofSeconds(5);
    private Duration refreshInterval = Duration.ofSeconds(1);
    private Duration breakerOpenFor = Duration.ofSeconds(1);
    private Duration recoveryProbeInterval = Duration.ofMillis(100);
    private int invalidationPartitions = io.caskade.bus.Partitions.DEFAULT_COUNT;
    private CircuitBreakerConfig breakerConfig;
    private int maxPendingInvalidations = 10_000;
    private CacheClock clock = CacheClock.system();
    private String valueVersion = "";

    private Builder(RedisConfig config, RedisPlatform platform, String cache,
        KeyCodec<K> keyCodec, Codec<V> valueCodec) {
      this.config = config;
      this.platform = platform;
      this.cache = Objects.requireNonNull(cache, "cache");
      if (cache.isBlank()) {
        throw new IllegalArgumentException("cache name must not be blank");
      }
      this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
      this.valueCodec = Objects.requireNonNull(valueCodec, "valueCodec");
    }

    /** The longest any Redis command may take before it fails (default 500 ms). */
    public Builder<K, V> commandTimeout(Duration timeout) {
      this.commandTimeout = positive(timeout, "commandTimeout");
      return this;
    }

    /** The largest envelope written to Redis, in bytes (default 1 MiB). */
    public Builder<K, V> maxValueBytes(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxValueBytes must be positive: " + bytes);
      }
      this.maxValueBytes = bytes;
      return this;
    }

    /** Turns fleet-wide leases on (default) or off ({@link RedisTier#leases()} returns null). */
    public Builder<K, V> leases(boolean enabled) {
      this.leases = enabled;
      return this;
    }

    /** How long a lease holds before another instance may take it over (default 5 s). */
    public Builder<K, V> leaseTtl(Duration ttl) {
      this.leaseTtl = positive(ttl, "leaseTtl");
      return this;
    }

    /**
     * The longest this instance trusts its copy of the namespace generation and of tag versions
     * without re-reading them (default 1 s): the staleness bound when a bus message is lost.
     */
    public Builder<K, V> refreshInterval(Duration interval) {
      this.refreshInterval = positive(interval, "refreshInterval");
      return this;
    }

    /** How long the circuit stays open before trying Redis again (default 1 s). */
    public Builder<K, V> breakerOpenFor(Duration duration) {
      this.breakerOpenFor = positive(duration, "breakerOpenFor");
      return this;
    }

    /** Replaces the whole circuit-breaker configuration (Resilience4j's own). */
    public Builder<K, V> circuitBreaker(CircuitBreakerConfig config) {
      this.breakerConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * How many partitions key invalidations are numbered in (default 256): a lost bus message
     * costs an instance the L1 entries of one partition, about 1/n of L1. Every instance of a
     * cache must use the same number.
     */
    public Builder<K, V> invalidationPartitions(int n) {
      if (n <= 0 || n > 65_536) {
        throw new IllegalArgumentException("invalidationPartitions must be 1..65536: " + n);
      }
      this.invalidationPartitions = n;
      return this;
    }

    /** How often queued invalidations are retried and a lost subscription re-attempted. */
    public Builder<K, V> recoveryProbeInterval(Duration interval) {
      this.recoveryProbeInterval = positive(interval, "recoveryProbeInterval");
      return this;
    }

    /** At most this many invalidations wait for replay; beyond it they collapse to one clear. */
    public Builder<K, V> maxPendingInvalidations(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("maxPendingInvalidations must be positive: " + n);
      }
      this.maxPendingInvalidations = n;
      return this;
    }

    /** The clock entries' instants are on (the cache's clock; default the system clock). */
    public Builder<K, V> clock(CacheClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The version of the value schema this instance writes (default: none). Give the value class
     * a new version whenever its encoding changes incompatibly (fields renamed, removed, retyped):
     * during a rolling deploy, instances of different versions keep separate copies in Redis,
     * never reading nor deleting each other's, and an invalidation on any instance deletes every
     * version's copy. A version new to Redis stores its first copies once every instance has
     * re-read the versions (the longest {@code refreshInterval} plus {@code commandTimeout} of
     * any instance of the cache after its registration, 1.5 s by default); until then it
     * serves from L1 and the source only.
     *
     * @param version 1 to 64 of {@code [A-Za-z0-9_-]}, e.g. {@code "2"} or {@code "user-v2"}
     */
    public Builder<K, V> valueVersion(String version) {
      this.valueVersion = SchemaRegistry.checkVersion(Objects.requireNonNull(version, "version"));
      return this;
    }

    /**
     * Builds the tier: connects and tries AUTH, the lease scripts and SUBSCRIBE. An unreachable
     * Redis is retried in the background, not fatal.
     *
     * @throws RedisAccessException when Redis refuses the credentials, ACL or configuration
     */
    public RedisTier<K, V> build() {
      return new RedisTier<>(this);
    }

    CircuitBreakerConfig circuitBreaker() {
      if (breakerConfig != null) {
        return breakerConfig;
      }
      return CircuitBreakerConfig.custom()
          .failureRateThreshold(50)
          .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
          .slidingWindowSize(10)
          .minimumNumberOfCalls(5)
          .waitDurationInOpenState(breakerOpenFor)
          .permittedNumberOfCallsInHalfOpenState(2)
          .build();
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
