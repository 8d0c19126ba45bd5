package io.caskade.redis;

import io.caskade.codec.KeyCodec;
import io.caskade.codec.StringCodec;
import io.caskade.redis.lease.FillSignals;
import io.caskade.redis.lease.LeaseScripts;
import io.caskade.tier.Leases;
import io.caskade.tier.TierStore;
import io.caskade.wire.EnvelopeFormat;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;

/**
 * The Redis tier's parts for the contract suites, built as {@link RedisTier} builds them (they are
 * package-private): a store and its leases for one cache on a platform.
 */
public final class ContractParts {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static final Map<TierStore<?, ?>, Parts> PARTS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private ContractParts() {}

  /** A store for {@code cache} on {@code platform}, {@code String} keys and values. */
  public static TierStore<String, String> store(RedisPlatform platform, String cache) {
    Parts parts = new Parts(platform, cache);
    PARTS.put(parts.store, parts);
    return parts.store;
  }

  /** Leases over {@code store} (one of {@link #store}) with a lease TTL of {@code ttl}. */
  public static Leases<String, String> leases(RedisPlatform platform, TierStore<String, String> store,
      Duration ttl) {
    RedisStore<String, String> s = (RedisStore<String, String>) store;
    Parts p = PARTS.get(s);
    RedisLeases<String, String> leases = new RedisLeases<>(p.cache, UUID.randomUUID().toString(),
        s, ttl.toMillis(), p.counters, p.layout, p.redis, p.guard, p.scripts, p.schemas,
        new FillSignals(p.cache, platform.pubSub()));
    leases.listen();
    return leases;
  }

  /** The Redis key where {@code store} (bound) reads {@code key}. */
  public static String redisKey(TierStore<String, String> store, String key) {
    return ((RedisStore<String, String>) store).redisKey(key);
  }

  /** The Redis key of a version store's counter. */
  public static String counterKey(String counter) {
    return RedisVersionStore.redisKey(counter);
  }

  /** The Redis hash of a cache's invalidation sequences (field: the partition). */
  public static String sequencesKey(String cache) {
    return "c:" + cache + ":seq";
  }

  /** What a store and its leases share. */
  static final class Parts {
    final String cache;
    final TierCounters counters = new TierCounters();
    final SchemaRegistry schemas;
    final KeyLayout layout;
    final RedisConnection redis;
    final Guard guard;
    final LeaseScripts scripts;
    final RedisStore<String, String> store;

    Parts(RedisPlatform platform, String cache) {
      this.cache = cache;
      this.schemas = new SchemaRegistry(KeyLayout.schemas(cache), "",
          Duration.ofSeconds(1).toNanos(), TIMEOUT.toNanos());
      this.layout = new KeyLayout(cache, schemas::ownSuffix);
      this.redis = platform.commandConnection();
      redis.connect();
      this.guard = new Guard(cache, RedisTierBuilder.defaultBreaker(Duration.ofSeconds(1)),
          counters, platform.deadlines(), TIMEOUT.toNanos());
      this.scripts = new LeaseScripts(redis::sync, FillSignals.channel(cache));
      this.store = new RedisStore<>(cache, KeyCodec.strings(),
          new EnvelopeFormat<>(StringCodec.utf8()), 1 << 20, counters, layout, redis, guard,
          platform.deadlines(), scripts, schemas);
    }
  }
}
