package io.caskade.benchmarks;

import com.alicp.jetcache.MultiLevelCacheBuilder;
import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisTier;
import io.caskade.codec.StringCodec;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.Random;
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
import org.openjdk.jmh.infra.ThreadParams;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.client.codec.LongCodec;
import org.redisson.codec.CompositeCodec;

/**
 * A two-level cache (an in-process L1 of {@value #L1_SIZE} entries in front of Redis) on skewed
 * keys: {@value #KEYS} keys of 1 KiB, read in a fixed Zipf(s = {@value #ZIPF_S}) sequence, so that
 * about 90 % of reads hit L1 and the rest are Redis round trips. Two threads.
 *
 * <ul>
 *   <li>{@code caskade}: {@code Cache.get} with L1 ({@code maximumSize}) over a {@code RedisTier}.
 *   <li>{@code jetcacheMultiLevel}: JetCache's {@code MultiLevelCacheBuilder} over its embedded
 *       Caffeine cache ({@code limit}) and its Lettuce remote cache.
 *   <li>{@code redissonLocalCachedMap}: Redisson's {@code RLocalCachedMap} ({@code cacheSize},
 *       LFU eviction; Long keys, string values).
 * </ul>
 *
 * Every read must find its value at one level or the other (a {@code null} fails the iteration);
 * Caskade's own L1/L2 hit counts are checked in teardown (no miss, no load).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class TwoLevelBenchmark {

  static final int KEYS = 10_000;
  static final int L1_SIZE = 1_000;
  static final double ZIPF_S = 1.2;
  static final int SEQUENCE = 1 << 20;
  static final int VALUE_BYTES = 1_024;
  static final Duration TTL = Duration.ofHours(1);

  Long[] keys;
  /** The read sequence: indexes into {@link #keys}, Zipf-distributed (rank 0 the hottest). */
  int[] sequence;

  RedisClient client;
  Cache<Long, String> caskade;
  long loadsAfterPrefill;
  com.alicp.jetcache.Cache<Long, String> jetcacheRemote;
  com.alicp.jetcache.Cache<Long, String> jetcache;
  RedissonClient redisson;
  RLocalCachedMap<Long, String> redissonMap;

  @Setup(Level.Trial)
  public void setUp() {
    keys = new Long[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = Long.valueOf(1_000_000L + i);
    }
    sequence = zipf(new Random(42));

    client = RedisClient.create(Redis.url());
    RedisTier<Long, String> tier = RedisTier.builder(Redis.config(), "bench-2l",
        KeyCodec.longs(), StringCodec.utf8()).build();
    caskade = Caskade.<Long, String>builder("bench-2l")
        .maximumSize(L1_SIZE)
        .l2(tier)
        .loader(k -> {
          throw new IllegalStateException("no load expected in TwoLevelBenchmark");
        })
        .ttl(TTL)
        .build();
    jetcacheRemote = Peers.jetcacheRemote(client, "bench-2l-jc:", TTL);
    jetcache = MultiLevelCacheBuilder.createMultiLevelCacheBuilder()
        .addCache(Peers.jetcacheLocal(L1_SIZE, TTL), jetcacheRemote)
        .expireAfterWrite(TTL.toMillis(), TimeUnit.MILLISECONDS)
        .buildCache();
    redisson = Peers.redisson();
    redissonMap = redisson.getLocalCachedMap(LocalCachedMapOptions.<Long, String>name("bench-2l-rb")
        .codec(new CompositeCodec(LongCodec.INSTANCE,
            org.redisson.client.codec.StringCodec.INSTANCE))
        .cacheSize(L1_SIZE)
        .evictionPolicy(LocalCachedMapOptions.EvictionPolicy.LFU));
    for (int i = 0; i < KEYS; i++) {
      String value = Redis.value(VALUE_BYTES, i);
      caskade.put(keys[i], value);
      jetcache.put(keys[i], value);
      redissonMap.fastPut(keys[i], value);
    }
    for (int i = 0; i < KEYS; i++) {
      Long key = keys[i];
      Redis.await("jetcache " + i, () -> jetcache.get(key) != null);
    }
    loadsAfterPrefill = caskade.stats().loads();
  }

  /** {@link #SEQUENCE} ranks drawn from Zipf(s) over {@link #KEYS} by inverse CDF. */
  static int[] zipf(Random random) {
    double[] cdf = new double[KEYS];
    double sum = 0;
    for (int k = 0; k < KEYS; k++) {
      sum += 1 / Math.pow(k + 1, ZIPF_S);
      cdf[k] = sum;
    }
    int[] out = new int[SEQUENCE];
    for (int i = 0; i < SEQUENCE; i++) {
      int at = java.util.Arrays.binarySearch(cdf, random.nextDouble() * sum);
      out[i] = Math.min(at < 0 ? -at - 1 : at, KEYS - 1);
    }
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      var stats = caskade.stats();
      if (stats.misses() != 0 || stats.loads() != loadsAfterPrefill) {
        throw new IllegalStateException("caskade: not all hits: " + stats);
      }
      if (stats.l1Hits() + stats.l2Hits() > 0) {
        System.out.printf("%ncaskade L1 share of hits: %.1f %%%n",
            100.0 * stats.l1Hits() / (stats.l1Hits() + stats.l2Hits()));
      }
    } finally {
      caskade.invalidateAll(java.util.Arrays.asList(keys));
      try (var connection = client.connect()) {
        Redis.deleteMatching(connection.sync(), "bench-2l-jc:*");
      }
      redissonMap.delete();
      caskade.close();
      redisson.shutdown();
      client.shutdown();
    }
  }

  /** Each thread's position in the sequence, and its count of reads that found nothing. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
    long misses;

    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
      next = SEQUENCE / thread.getThreadCount() * thread.getThreadIndex();
    }

    @TearDown(Level.Iteration)
    public void check() {
      if (misses != 0) {
        throw new IllegalStateException(misses + " misses: not all hits");
      }
    }

    Long key(TwoLevelBenchmark benchmark) {
      int i = next;
      next = i + 1 == SEQUENCE ? 0 : i + 1;
      return benchmark.keys[benchmark.sequence[i]];
    }

    void consume(Object value, Blackhole bh) {
      if (value == null) {
        misses++;
      }
      bh.consume(value);
    }
  }

  @Benchmark
  public void caskade(Cursor cursor, Blackhole bh) {
    cursor.consume(caskade.get(cursor.key(this)), bh);
  }

  @Benchmark
  public void jetcacheMultiLevel(Cursor cursor, Blackhole bh) {
    cursor.consume(jetcache.get(cursor.key(this)), bh);
  }

  @Benchmark
  public void redissonLocalCachedMap(Cursor cursor, Blackhole bh) {
    cursor.consume(redissonMap.get(cursor.key(this)), bh);
  }
}
