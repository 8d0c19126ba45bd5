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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.redisson.api.RBuckets;
import org.redisson.api.RedissonClient;
import java.util.List;
import java.util.Map;
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
 * 100 keys from L2: one {@code getAll} (one MGET) against 100 sequential {@code get}s (100 GETs),
 * both through Caskade with L1 off, plus a raw Lettuce MGET of the same number of values for
 * reference. One operation = one batch of 100 keys; values are 1 KiB strings; 10,000 keys in
 * Redis, read in consecutive batches. Teardown checks that no call missed or loaded.
 *
 * <p>The peers, same values and batches under their own prefixes: {@code redissonBuckets}
 * ({@code RBuckets.get(keys...)}, one MGET, string codec) and {@code jetcacheGetAll} (JetCache's
 * Lettuce remote cache {@code getAll}, Java-serialized values). Each checks it got all 100.
 *
 * <p>Memcached ({@link MemcachedBatch}, a memcached of its own, see {@link Memcached}), through
 * Caskade with L1 off over a composed Memcached tier: {@code memcachedGetAll} (one multi-key
 * {@code get} per server) against {@code memcachedSequentialGets} (100 {@code get}s).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class L2BatchBenchmark {

  static final int KEYS = 10_000;
  static final int BATCH = 100;
  static final int VALUE_BYTES = 1_024;
  static final String RAW_PREFIX = "caskade-bench:batch:";

  List<List<Long>> batches;
  String[][] rawBatches;
  int next;

  RedisClient client;
  StatefulRedisConnection<String, String> connection;
  RedisCommands<String, String> raw;
  Cache<Long, String> caskade;
  long loadsAfterPrefill;
  RedissonClient redisson;
  RBuckets buckets;
  String[][] redissonBatches;
  com.alicp.jetcache.Cache<Long, String> jetcache;
  List<Set<Long>> keySets;

  @Setup(Level.Trial)
  public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) {
    if (Memcached.runs(params)) {
      return; // the Memcached methods need no Redis: their state is their own
    }
    client = RedisClient.create(Redis.url());
    connection = client.connect();
    raw = connection.sync();
    RedisTier<Long, String> tier = RedisTier.builder(Redis.config(), "bench-l2batch",
        KeyCodec.longs(), StringCodec.utf8()).build();
    caskade = Caskade.<Long, String>builder("bench-l2batch")
        .disableL1()
        .l2(tier)
        .loader(k -> {
          throw new IllegalStateException("no load expected in L2BatchBenchmark");
        })
        .ttl(Duration.ofHours(1))
        .build();
    redisson = Peers.redisson();
    buckets = redisson.getBuckets(org.redisson.client.codec.StringCodec.INSTANCE);
    jetcache = Peers.jetcacheRemote(client, "bench-l2batch-jc:", Duration.ofHours(1));
    redissonBatches = new String[KEYS / BATCH][];
    keySets = new ArrayList<>();
    batches = new ArrayList<>();
    rawBatches = new String[KEYS / BATCH][];
    for (int b = 0; b < KEYS / BATCH; b++) {
      List<Long> batch = new ArrayList<>(BATCH);
      rawBatches[b] = new String[BATCH];
      redissonBatches[b] = new String[BATCH];
      Map<String, String> redissonValues = new java.util.HashMap<>();
      for (int i = 0; i < BATCH; i++) {
        int n = b * BATCH + i;
        String value = Redis.value(VALUE_BYTES, n);
        Long key = Long.valueOf(1_000_000L + n);
        batch.add(key);
        rawBatches[b][i] = RAW_PREFIX + n;
        caskade.put(key, value);
        raw.set(rawBatches[b][i], value);
        redissonBatches[b][i] = "bench-l2batch-rb:" + n;
        redissonValues.put(redissonBatches[b][i], value);
        jetcache.put(key, value);
      }
      buckets.set(redissonValues);
      batches.add(List.copyOf(batch));
      keySets.add(new LinkedHashSet<>(batch));
      int at = b;
      Redis.await("redisson batch " + b,
          () -> buckets.get(redissonBatches[at]).size() == BATCH);
      Redis.await("jetcache batch " + b, () -> jetcache.getAll(keySets.get(at)).size() == BATCH);
      if (caskade.getAll(batches.get(b)).size() != BATCH) {
        throw new IllegalStateException("setup: batch " + b + " does not read back");
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
      if (caskade.stats().misses() != 0 || caskade.stats().loads() != loadsAfterPrefill) {
        throw new IllegalStateException("caskade: not all L2 hits: " + caskade.stats());
      }
    } finally {
      for (String[] keys : rawBatches) {
        raw.del(keys);
      }
      for (String[] keys : redissonBatches) {
        raw.del(keys);
      }
      for (List<Long> batch : batches) {
        caskade.invalidateAll(batch);
      }
      Redis.deleteMatching(raw, "bench-l2batch-jc:*");
      caskade.close();
      redisson.shutdown();
      connection.close();
      client.shutdown();
    }
  }

  private int batch() {
    int b = next;
    next = b + 1 == rawBatches.length ? 0 : b + 1;
    return b;
  }

  @Benchmark
  public void getAll(Blackhole bh) {
    Map<Long, String> values = caskade.getAll(batches.get(batch()));
    if (values.size() != BATCH) {
      throw new IllegalStateException("getAll returned " + values.size());
    }
    bh.consume(values);
  }

  @Benchmark
  public void sequentialGets(Blackhole bh) {
    for (Long key : batches.get(batch())) {
      bh.consume(caskade.get(key));
    }
  }

  @Benchmark
  public void rawMget(Blackhole bh) {
    bh.consume(raw.mget(rawBatches[batch()]));
  }

  @Benchmark
  public void redissonBuckets(Blackhole bh) {
    Map<String, String> values = buckets.get(redissonBatches[batch()]);
    if (values.size() != BATCH) {
      throw new IllegalStateException("RBuckets.get returned " + values.size());
    }
    bh.consume(values);
  }

  @Benchmark
  public void jetcacheGetAll(Blackhole bh) {
    Map<Long, String> values = jetcache.getAll(keySets.get(batch()));
    if (values.size() != BATCH) {
      throw new IllegalStateException("jetcache getAll returned " + values.size());
    }
    bh.consume(values);
  }

  /** The Memcached side: 10,000 keys of 1 KiB in a memcached of its own, read in batches of 100. */
  @State(Scope.Benchmark)
  public static class MemcachedBatch {
    Memcached mc;
    List<List<Long>> batches;
    int next;
    long loadsAfterPrefill;

    @Setup(Level.Trial)
    public void setUp() {
      mc = new Memcached("bench-l2batch-mc");
      batches = new ArrayList<>();
      for (int b = 0; b < KEYS / BATCH; b++) {
        List<Long> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
          int n = b * BATCH + i;
          Long key = Long.valueOf(1_000_000L + n);
          batch.add(key);
          mc.cache.put(key, Redis.value(VALUE_BYTES, n));
        }
        batches.add(List.copyOf(batch));
        if (mc.cache.getAll(batch).size() != BATCH) {
          throw new IllegalStateException("setup: memcached batch " + b + " does not read back");
        }
      }
      loadsAfterPrefill = mc.cache.stats().loads();
    }

    List<Long> batch() {
      int b = next;
      next = b + 1 == batches.size() ? 0 : b + 1;
      return batches.get(b);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        if (mc.cache.stats().misses() != 0 || mc.cache.stats().loads() != loadsAfterPrefill) {
          throw new IllegalStateException("memcached: not all hits: " + mc.cache.stats());
        }
      } finally {
        mc.close();
      }
    }
  }

  @Benchmark
  public void memcachedGetAll(MemcachedBatch s, Blackhole bh) {
    Map<Long, String> values = s.mc.cache.getAll(s.batch());
    if (values.size() != BATCH) {
      throw new IllegalStateException("memcached getAll returned " + values.size());
    }
    bh.consume(values);
  }

  @Benchmark
  public void memcachedSequentialGets(MemcachedBatch s, Blackhole bh) {
    for (Long key : s.batch()) {
      bh.consume(s.mc.cache.get(key));
    }
  }
}
