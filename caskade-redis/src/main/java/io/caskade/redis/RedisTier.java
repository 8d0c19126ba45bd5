package io.caskade.redis;

import io.caskade.codec.Codec;
import io.caskade.codec.KeyCodec;
import io.caskade.entry.Entry;
import io.caskade.invalidation.TagVersions;
import io.caskade.redis.bus.RedisChannel;
import io.caskade.redis.lease.FillSignals;
import io.caskade.redis.lease.LeaseScripts;
import io.caskade.tier.Claim;
import io.caskade.tier.Leases;
import io.caskade.tier.RemoteInvalidationListener;
import io.caskade.tier.Tier;
import io.caskade.tier.TierException;
import io.caskade.tier.compose.Tiers;
import io.caskade.tier.compose.ComposedTier;
import io.caskade.time.CacheClock;
import io.caskade.wire.EnvelopeFormat;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *   <li><b>Wire:</b> entries are stored as {@link io.caskade.wire.EnvelopeFormat} bytes (binary header + codec
 *       payload) with a physical TTL at {@link Entry#expiresAt()}. Bytes that do not decode are a
 *       miss: counted, logged once, deleted, never thrown and never served. An envelope over
 *       {@link RedisTierBuilder#maxValueBytes} is rejected with {@link io.caskade.tier.ValueTooLargeException}.
 *   <li><b>Leases:</b> {@link #leases()} gives fleet-wide single-flight with Lua scripts; every
 *       invalidation deletes the value and voids its lease in one command (see
 *       {@link RedisLeases}). {@link RedisTierBuilder#leases(boolean) leases(false)} turns them off.
 *   <li><b>Namespace generations:</b> a counter that is part of every key;
 *       {@link #invalidateAll()} bumps it. Other instances learn it from the bus or by re-reading
 *       it at least every {@link RedisTierBuilder#refreshInterval}. Generations and tag versions never
 *       go back, even when Redis loses them: they are kept above the server clock in
 *       microseconds, so a re-created counter starts above every number issued before.
 *   <li><b>Tags:</b> {@link #tagVersions()} keeps tag versions in Redis; an entry recorded under
 *       an older version is a miss on every instance.
 *   <li><b>Value versions:</b> {@link RedisTierBuilder#valueVersion} gives each value schema its own copy
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
 *   <li><b>Refusals:</b> wrong credentials, ACL or configuration fail {@link RedisTierBuilder#build()} with
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
  private final TierCounters counters = new TierCounters();
  private final RedisPlatform platform;
  private final boolean ownsPlatform;
  private final RedisConnection redis;
  private final Guard guard;
  private final RedisStore<K, V> store;
  private final RedisLeases<K, V> leases;
  private final RedisBus bus;
  private final ComposedTier<K, V> composed;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile ScheduledFuture<?> maintenance;
  /** The cache this tier serves, once bound. */
  private String servedCache;

  RedisTier(RedisTierBuilder<K, V> b) {
    this.cache = b.cache;
    SchemaRegistry schemas = new SchemaRegistry(KeyLayout.schemas(cache), b.valueVersion,
        b.refreshInterval.toNanos(), b.commandTimeout.toNanos());
    KeyLayout layout = new KeyLayout(cache, schemas::ownSuffix);
    this.ownsPlatform = b.platform == null;
    this.platform = ownsPlatform
        ? RedisPlatform.builder(b.config).commandTimeout(b.commandTimeout).build()
        : b.platform;
    this.redis = platform.commandConnection();
    this.guard = new Guard(cache, b.circuitBreaker(), counters, platform.deadlines(),
        b.commandTimeout.toNanos());
    LeaseScripts scripts = new LeaseScripts(redis::sync, FillSignals.channel(cache));
    this.store = new RedisStore<>(cache, b.keyCodec, new EnvelopeFormat<>(b.valueCodec),
        b.maxValueBytes, counters, layout, redis, guard, platform.deadlines(), scripts, schemas);
    this.bus = new RedisBus(platform, guard, b.invalidationPartitions,
        b.refreshInterval.toNanos(), null);
    this.leases = new RedisLeases<>(cache, bus.origin(), store, b.leaseTtl.toMillis(), counters,
        layout, redis, guard, scripts, schemas, new FillSignals(cache, platform.pubSub()));
    Tiers.Composition<K, V> parts = Tiers.compose(store)
        .versions(new RedisVersionStore(redis, guard))
        .bus(bus)
        .refreshInterval(b.refreshInterval)
        .recoveryInterval(b.recoveryProbeInterval)
        .maxPendingInvalidations(b.maxPendingInvalidations)
        .scheduler(platform.scheduler());
    if (b.leases) {
      parts.leases(leases);
    } else {
      parts.noLeases();
    }
    this.composed = (ComposedTier<K, V>) parts.build();
    composed.bind(cache, b.clock); // the cache's own clock replaces it when the cache is built
    try {
      store.connectAndCheck(bus.origin());
      bus.subscribeOrThrow();
      if (b.leases) {
        leases.listen();
      }
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
  public static <K, V> RedisTierBuilder<K, V> builder(RedisConfig config, String cache,
      KeyCodec<K> keyCodec, Codec<V> valueCodec) {
    return new RedisTierBuilder<>(Objects.requireNonNull(config, "config"), null, cache, keyCodec,
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
  public static <K, V> RedisTierBuilder<K, V> builder(RedisPlatform platform, String cache,
      KeyCodec<K> keyCodec, Codec<V> valueCodec) {
    Objects.requireNonNull(platform, "platform");
    if (platform.isClosed()) {
      throw new IllegalStateException(platform + " is closed");
    }
    return new RedisTierBuilder<>(platform.config(), platform, cache, keyCodec, valueCodec);
  }

  @Override
  public String name() {
    return "redis";
  }

  /**
   * Binds the tier to the cache it serves: the cache's clock from now on. The tier's own name (its
   * Redis namespace: key prefix and channel) may differ from the cache's, e.g. to separate
   * environments on one Redis; one tier serves one cache.
   *
   * @throws IllegalStateException when the tier already serves another cache
   */
  @Override
  public synchronized void bind(String cacheName, CacheClock cacheClock) {
    if (servedCache != null && !servedCache.equals(cacheName)) {
      throw new IllegalStateException("this Redis tier ('" + cache + "') already serves cache '"
          + servedCache + "' and cannot serve cache '" + cacheName + "' too: build one tier "
          + "per cache");
    }
    servedCache = cacheName;
    composed.bind(cache, cacheClock);
  }

  /** The cache name this tier stores. */
  public String cacheName() {
    return cache;
  }

  /** This instance's id on the bus. */
  public String origin() {
    return bus.origin();
  }

  /** A snapshot of the counters, the state and the last error. */
  public RedisTierStats stats() {
    RedisChannel ch = bus.channel();
    return new RedisTierStats(counters.hits.sum(), counters.misses.sum(), counters.corrupt.sum(),
        counters.oversized.sum(), counters.unencodable.sum(), counters.errors.sum(),
        counters.budgetSpent.sum(), counters.circuitRejected.sum(),
        counters.leasesGranted.sum(), counters.leasesHeld.sum(), counters.fillsRejected.sum(),
        ch.received(), ch.ignoredOwn(), ch.gaps(), ch.resubscriptions(),
        composed.queuedInvalidations(), composed.replayedInvalidations(),
        composed.pendingInvalidations(), guard.breaker().getState().name(),
        guard.state(redis.isConnected()), guard.lastError(), bus.partitionsLost());
  }

  /** True while the invalidation bus subscription is live. */
  public boolean isBusUp() {
    return bus.isUp();
  }

  /** The Redis key that holds {@code key}'s value under the current generation (for tools). */
  public String redisKey(K key) {
    return store.redisKey(key);
  }

  @Override
  public Entry<V> get(K key) {
    return composed.get(Objects.requireNonNull(key, "key"));
  }

  @Override
  public Map<K, Entry<V>> getAll(Collection<? extends K> keys) {
    return composed.getAll(Objects.requireNonNull(keys, "keys"));
  }

  @Override
  public void put(K key, Entry<V> entry) {
    composed.put(key, entry);
  }

  /**
   * Stores {@code entry} in place of the old copy in one script (no moment in which the key is
   * absent), then announces it like an invalidation so other instances drop their L1 copies. A
   * value Redis cannot hold invalidates the old copy and is refused; when Redis cannot be reached
   * the invalidation is queued for replay and a {@link TierException} says so.
   */
  @Override
  public void replace(K key, Entry<V> entry) {
    composed.replace(key, entry);
  }

  /**
   * Deletes the value and voids its lease, then announces it. When Redis cannot be reached the
   * invalidation is queued for replay and a {@link TierException} says so.
   */
  @Override
  public void invalidate(K key) {
    composed.invalidate(Objects.requireNonNull(key, "key"));
  }

  @Override
  public void invalidateAll(Collection<? extends K> keys) {
    composed.invalidateAll(Objects.requireNonNull(keys, "keys"));
  }

  @Override
  public void invalidateAll() {
    composed.invalidateAll();
  }

  @Override
  public Leases<K, V> leases() {
    return composed.leases();
  }

  @Override
  public Claim<V> claim(K key) {
    return composed.claim(Objects.requireNonNull(key, "key"));
  }

  @Override
  public TagVersions tagVersions() {
    return composed.tagVersions();
  }

  @Override
  public void subscribe(RemoteInvalidationListener<K> listener) {
    composed.subscribe(listener);
  }

  /** The maintenance thread's pass: the store's (connect, probe, schemas), then the bus's. */
  private void maintain() {
    if (closed.get()) {
      return;
    }
    if (store.maintain()) {
      bus.maintain();
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
   * Stops the maintenance task, then the composed tier (its bus); then, when the tier made its
   * own platform, that platform (connections, client, threads). A shared platform stays open.
   */
  private void closeQuietly() {
    closed.set(true);
    ScheduledFuture<?> task = maintenance;
    if (task != null) {
      task.cancel(false);
    }
    leases.close();
    try {
      composed.close();
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
}
