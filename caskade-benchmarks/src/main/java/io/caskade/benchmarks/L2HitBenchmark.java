package io.caskade.benchmarks;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisTier;
import io.caskade.codec.StringCodec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.redisson.api.RedissonClient;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * An L2 hit through Caskade against a plain Lettuce GET of the same value, in the same run.
 *
 * <p>The value is a 1 KiB string (1,024 UTF-8 bytes), 1,000 keys, all present in Redis.
 *
 * <ul>
 *   <li>{@code rawLettuce}: sync {@code GET} on one Lettuce connection with Lettuce's UTF-8 string
 *       codec, so the raw side decodes the bytes into the same {@code String} Caskade returns.
 *   <li>{@code caskade}: {@code Cache.get(key)} on a cache with L1 off and a {@code RedisTier}
 *       ({@code StringCodec.utf8()}): one {@code GET} of the envelope, header check, UTF-8
 *       decode, stale/tag checks, stats. Teardown checks that every call was an L2 hit (no miss,
 *       no load).
 * </ul>
 *
 * The peers, on the same Redis, values and number of keys (each under its own prefix):
 *
 * <ul>
 *   <li>{@code redissonBucket}: {@code redisson.getBucket(key, StringCodec.INSTANCE).get()}, the
 *       usual Redisson idiom (an {@code RBucket} per call).
 *   <li>{@code jetcacheRemote}: JetCache's Lettuce remote cache ({@code Cache.get}; Fastjson2 key
 *       convertor and Java-serialized values, its defaults).
 *   <li>{@code springRedisCache}: Spring Data Redis's {@code RedisCache.get(key)} (string values).
 * </ul>
 *
 * Each peer's calls count a {@code null} as a miss; teardown fails the run if there was one.
 *
 * <p>Memcached, in the same run ({@link MemcachedHit}, its own memcached; see {@link Memcached}):
 *
 * <ul>
 *   <li>{@code rawMemcached}: Folsom's {@code get} of the same 1 KiB values (its UTF-8 string
 *       client), waited for: the client caskade-memcached is built on.
 *   <li>{@code memcached}: {@code Cache.get(key)} with L1 off over a composed Memcached tier
 *       (store, leases, versions, no bus): one {@code get} of the envelope, checks, decode.
 * </ul>
 *
 * <p>One thread: a round trip on loopback dominates, and one caller measures its cost without the
 * client's pipelining of concurrent callers. Redis: {@code REDIS_URL}, else 127.0.0.1:6379.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class L2HitBenchmark {

  static final int KEYS = 1_000;
  static final int VALUE_BYTES = 1_024;
  static final String RAW_PREFIX = "caskade-bench:raw:";

  String[] rawKeys;
  Long[] keys;
  int next;

  RedisClient client;
  StatefulRedisConnection<String, String> connection;
  RedisCommands<String, String> raw;
  RedisTier<Long, String> tier;
  Cache<Long, String> caskade;
  long loadsAfterPrefill;
  RedissonClient redisson;
  String[] redissonKeys;
  com.alicp.jetcache.Cache<Long, String> jetcache;
  LettuceConnectionFactory springFactory;
  RedisCache spring;
  long peerMisses;

  @Setup(Level.Trial)
  public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) {
    if (Memcached.runs(params)) {
      return; // the Memcached methods need no Redis: their state is their own
    }
    client = RedisClient.create(Redis.url());
    connection = client.connect();
    raw = connection.sync();
    tier = RedisTier.builder(Redis.config(), "bench-l2hit", KeyCodec.longs(), StringCodec.utf8())
        .build();
    caskade = Caskade.<Long, String>builder("bench-l2hit")
        .disableL1()
        .l2(tier)
        .loader(k -> {
          throw new IllegalStateException("no load expected in L2HitBenchmark");
        })
        .ttl(Duration.ofHours(1))
        .build();
    redisson = Peers.redisson();
    jetcache = Peers.jetcacheRemote(client, "bench-l2hit-jc:", Duration.ofHours(1));
    springFactory = Peers.springConnectionFactory();
    spring = Peers.springRedisCache(springFactory, "bench-l2hit-spring", Duration.ofHours(1));
    redissonKeys = new String[KEYS];
    rawKeys = new String[KEYS];
    keys = new Long[KEYS];
    for (int i = 0; i < KEYS; i++) {
      String value = Redis.value(VALUE_BYTES, i);
      rawKeys[i] = RAW_PREFIX + i;
      keys[i] = Long.valueOf(1_000_000L + i);
      raw.set(rawKeys[i], value);
      caskade.put(keys[i], value);
      redissonKeys[i] = "bench-l2hit-rb:" + i;
      redisson.getBucket(redissonKeys[i], org.redisson.client.codec.StringCodec.INSTANCE)
          .set(value, Duration.ofHours(1));
      jetcache.put(keys[i], value);
      spring.put(keys[i], value);
      Long key = keys[i];
      String redissonKey = redissonKeys[i];
      Redis.await("redisson " + i, () -> value.equals(redisson.getBucket(redissonKey,
          org.redisson.client.codec.StringCodec.INSTANCE).get()));
      Redis.await("jetcache " + i, () -> value.equals(jetcache.get(key)));
      Redis.await("spring " + i, () -> spring.get(key) != null
          && value.equals(spring.get(key).get()));
      if (!value.equals(caskade.get(keys[i])) || !value.equals(raw.get(rawKeys[i]))) {
        throw new IllegalStateException("setup: value " + i + " does not read back");
      }
    }
    loadsAfterPrefill = caskade.stats().loads();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (client == null) {
      return; // a Memcached method ran
    }
    try {
      if (caskade.stats().misses() != 0 || caskade.stats().loads() != loadsAfterPrefill
          || caskade.stats().l2Hits() == 0) {
        throw new IllegalStateException("caskade: not all L2 hits: " + caskade.stats());
      }
      if (peerMisses != 0) {
        throw new IllegalStateException("a peer missed " + peerMisses + " times: not all hits");
      }
    } finally {
      raw.del(rawKeys);
      raw.del(redissonKeys);
      caskade.invalidateAll(java.util.Arrays.asList(keys));
      Redis.deleteMatching(raw, "bench-l2hit-spring::*");
      Redis.deleteMatching(raw, "bench-l2hit-jc:*");
      caskade.close();
      redisson.shutdown();
      springFactory.destroy();
      connection.close();
      client.shutdown();
    }
  }

  private int index() {
    int i = next;
    next = i + 1 == KEYS ? 0 : i + 1;
    return i;
  }

  @Benchmark
  public void rawLettuce(Blackhole bh) {
    bh.consume(raw.get(rawKeys[index()]));
  }

  @Benchmark
  public void caskade(Blackhole bh) {
    bh.consume(caskade.get(keys[index()]));
  }

  @Benchmark
  public void redissonBucket(Blackhole bh) {
    String value = redisson.<String>getBucket(redissonKeys[index()],
        org.redisson.client.codec.StringCodec.INSTANCE).get();
    if (value == null) {
      peerMisses++;
    }
    bh.consume(value);
  }

  @Benchmark
  public void jetcacheRemote(Blackhole bh) {
    String value = jetcache.get(keys[index()]);
    if (value == null) {
      peerMisses++;
    }
    bh.consume(value);
  }

  @Benchmark
  public void springRedisCache(Blackhole bh) {
    org.springframework.cache.Cache.ValueWrapper value = spring.get(keys[index()]);
    if (value == null) {
      peerMisses++;
    }
    bh.consume(value);
  }

  /** The Memcached side: 1,000 keys of 1 KiB in a memcached of its own, raw and through Caskade. */
  @State(Scope.Benchmark)
  public static class MemcachedHit {
    Memcached mc;
    Long[] keys;
    String[] rawKeys;
    int next;
    long loadsAfterPrefill;
    long rawMisses;

    @Setup(Level.Trial)
    public void setUp() {
      mc = new Memcached("bench-l2hit-mc");
      keys = new Long[KEYS];
      rawKeys = new String[KEYS];
      for (int i = 0; i < KEYS; i++) {
        String value = Redis.value(VALUE_BYTES, i);
        keys[i] = Long.valueOf(1_000_000L + i);
        rawKeys[i] = "caskade-bench:raw:" + i;
        mc.rawSet(rawKeys[i], value);
        mc.cache.put(keys[i], value);
        if (!value.equals(mc.cache.get(keys[i])) || !value.equals(mc.rawGet(rawKeys[i]))) {
          throw new IllegalStateException("setup: memcached value " + i + " does not read back");
        }
      }
      loadsAfterPrefill = mc.cache.stats().loads();
    }

    int index() {
      int i = next;
      next = i + 1 == KEYS ? 0 : i + 1;
      return i;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        if (mc.cache.stats().misses() != 0 || mc.cache.stats().loads() != loadsAfterPrefill
            || rawMisses != 0) {
          throw new IllegalStateException("memcached: not all hits: " + mc.cache.stats()
              + ", raw misses " + rawMisses);
        }
      } finally {
        mc.close();
      }
    }
  }

  @Benchmark
  public void rawMemcached(MemcachedHit s, Blackhole bh) {
    String value = s.mc.rawGet(s.rawKeys[s.index()]);
    if (value == null) {
      s.rawMisses++;
    }
    bh.consume(value);
  }

  @Benchmark
  public void memcached(MemcachedHit s, Blackhole bh) {
    bh.consume(s.mc.cache.get(s.keys[s.index()]));
  }
}
