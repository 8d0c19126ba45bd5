package io.caskade.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.alicp.jetcache.anno.KeyConvertor;
import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import io.caskade.Cache;
import io.caskade.Caskade;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.springframework.cache.caffeine.CaffeineCache;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The price of Caskade's read path on a fresh L1 hit, against Caffeine itself in the same run.
 *
 * <p>100,000 entries, every read a hit. Keys are boxed once, in setup, and read in a fixed
 * shuffled order from a precomputed array; each thread walks that array from its own offset, so
 * the harness neither allocates nor boxes per operation and both threads touch the whole key set.
 *
 * <ul>
 *   <li>{@code rawCaffeine}: {@code getIfPresent} on a plain size-bounded Caffeine cache (no
 *       expiry at all), the cheapest read Caffeine offers and the baseline of the goal.
 *   <li>{@code rawCaffeineVariableExpiry}: the same cache built the way Caskade's L1 builds its
 *       own ({@code expireAfter} with a per-entry {@link Expiry}, {@code expireAfterRead}
 *       returning the remaining time), so the gap between the two raw variants is what variable
 *       expiry costs inside Caffeine, and the gap from here to {@code caskade} is Caskade's own.
 *       Unlike L1 it keeps Caffeine's default ticker ({@code System.nanoTime}); L1's ticker is
 *       {@code CacheClock.nanos()}, which is {@code System.nanoTime} plus two additions.
 *   <li>{@code caffeineExpireAfterWrite}: Caffeine as a user who wants a TTL and stats builds it
 *       ({@code expireAfterWrite} of an hour, {@code recordStats()}).
 *   <li>{@code jetcacheLocal}: JetCache's embedded Caffeine cache ({@code CaffeineCacheBuilder},
 *       {@code limit}, {@code expireAfterWrite}, no key convertor), {@code Cache.get}.
 *   <li>{@code springCaffeineCache}: Spring's {@code CaffeineCache} over a Caffeine cache with
 *       {@code expireAfterWrite}, {@code Cache.get(key)} (a {@code ValueWrapper}).
 *   <li>{@code ehcacheHeap}: Ehcache 3 with a heap tier of {@code entries} entries and a
 *       time-to-live of an hour, {@code Cache.get}.
 *   <li>{@code caskade}: {@code Cache.get(key)} (read-through) on a cache with a loader, a TTL of
 *       an hour and no L2, prefilled with the same keys: every call is a fresh L1 hit (checked in
 *       teardown from the cache's own stats).
 * </ul>
 *
 * All three caches have the same {@code maximumSize} (the number of entries) and hold the boxed
 * {@code Long} values the loader returns ({@code k -> k}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class L1HitBenchmark {

  /**
   * Entries in every cache; also each cache's maximumSize, so nothing is ever evicted. 100,000 is
   * the measured figure; {@code -p entries=1000} shows the cost when everything fits in CPU caches.
   */
  @Param({"100000"})
  int entries;
  /** Long enough that nothing expires or turns stale during a run. */
  static final Duration TTL = Duration.ofHours(1);

  /** The keys in the order they are read (a fixed shuffle), boxed once. */
  Long[] order;

  com.github.benmanes.caffeine.cache.Cache<Long, Long> plain;
  com.github.benmanes.caffeine.cache.Cache<Long, Long> variable;
  com.github.benmanes.caffeine.cache.Cache<Long, Long> expiring;
  com.alicp.jetcache.Cache<Long, Long> jetcache;
  CaffeineCache spring;
  CacheManager ehcacheManager;
  org.ehcache.Cache<Long, Long> ehcache;
  Cache<Long, Long> caskade;
  long missesAfterPrefill;

  @Setup(Level.Trial)
  public void setUp() {
    Long[] keys = new Long[entries];
    for (int i = 0; i < entries; i++) {
      keys[i] = Long.valueOf(1_000_000L + i); // outside Long's small-value cache: real objects
    }
    order = keys.clone();
    Random random = new Random(42);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Long t = order[i];
      order[i] = order[j];
      order[j] = t;
    }

    plain = Caffeine.newBuilder().maximumSize(entries).build();

    long ttlNanos = TTL.toNanos();
    variable = Caffeine.newBuilder()
        .maximumSize(entries)
        .expireAfter(new Expiry<Long, Long>() {
          @Override
          public long expireAfterCreate(Long key, Long value, long currentTime) {
            return ttlNanos;
          }

          @Override
          public long expireAfterUpdate(Long key, Long value, long currentTime,
              long currentDuration) {
            return ttlNanos;
          }

          @Override
          public long expireAfterRead(Long key, Long value, long currentTime,
              long currentDuration) {
            return currentDuration;
          }
        })
        .build();

    caskade = Caskade.<Long, Long>builder("bench")
        .loader(k -> k)
        .maximumSize(entries)
        .ttl(TTL)
        .build();

    expiring = Caffeine.newBuilder()
        .maximumSize(entries)
        .expireAfterWrite(TTL)
        .recordStats()
        .build();
    jetcache = CaffeineCacheBuilder.createCaffeineCacheBuilder()
        .limit(entries)
        .expireAfterWrite(TTL.toMillis(), TimeUnit.MILLISECONDS)
        .keyConvertor(KeyConvertor.NONE_INSTANCE)
        .buildCache();
    spring = new CaffeineCache("bench", Caffeine.newBuilder()
        .maximumSize(entries)
        .expireAfterWrite(TTL)
        .build(), false);
    ehcacheManager = CacheManagerBuilder.newCacheManagerBuilder()
        .withCache("bench", CacheConfigurationBuilder
            .newCacheConfigurationBuilder(Long.class, Long.class, ResourcePoolsBuilder.heap(entries))
            .withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(TTL)))
        .build(true);
    ehcache = ehcacheManager.getCache("bench", Long.class, Long.class);

    for (Long key : keys) {
      plain.put(key, key);
      variable.put(key, key);
      expiring.put(key, key);
      jetcache.put(key, key);
      spring.put(key, key);
      ehcache.put(key, key);
      if (caskade.get(key) != key) {
        throw new IllegalStateException("caskade returned another value for " + key);
      }
    }
    plain.cleanUp();
    variable.cleanUp();
    requireAll("rawCaffeine", plain);
    requireAll("rawCaffeineVariableExpiry", variable);
    requireAll("caffeineExpireAfterWrite", expiring);
    for (Long key : keys) {
      if (jetcache.get(key) == null || spring.get(key) == null || ehcache.get(key) == null) {
        throw new IllegalStateException("a peer lost " + key + " after prefill");
      }
    }
    missesAfterPrefill = caskade.stats().misses();
    if (missesAfterPrefill != entries) {
      throw new IllegalStateException("prefill: expected " + entries + " misses, saw "
          + caskade.stats());
    }
    for (Long key : keys) {
      if (caskade.getIfPresent(key) == null) {
        throw new IllegalStateException("caskade lost " + key + " after prefill");
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    // Every measured call must have been a fresh L1 hit: no miss, no load, no refresh.
    long misses = caskade.stats().misses();
    if (misses != missesAfterPrefill || caskade.stats().loads() != entries) {
      throw new IllegalStateException("caskade: not all hits: " + caskade.stats());
    }
    requireAll("rawCaffeine", plain);
    requireAll("rawCaffeineVariableExpiry", variable);
    requireAll("caffeineExpireAfterWrite", expiring);
    if (expiring.stats().missCount() != 0) {
      throw new IllegalStateException("caffeineExpireAfterWrite: misses " + expiring.stats());
    }
    caskade.close();
    ehcacheManager.close();
    jetcache.close();
  }

  private void requireAll(String what,
      com.github.benmanes.caffeine.cache.Cache<Long, Long> cache) {
    cache.cleanUp();
    if (cache.estimatedSize() != entries) {
      throw new IllegalStateException(what + ": expected " + entries + " entries, found "
          + cache.estimatedSize());
    }
  }

  /**
   * Each thread's position in the key order, and its counters: {@code ops} (calls made) and
   * {@code cpuNanos} (this thread's CPU time), per iteration; see {@link ThreadCpu}.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Cursor {
    int next;
    long cpuStart;
    /** Peers without their own stats count a {@code null} here; an iteration with one fails. */
    long misses;
    public long ops;
    public long cpuNanos;

    @Setup(Level.Iteration)
    public void startIteration() {
      ops = 0;
      cpuNanos = 0;
      cpuStart = ThreadCpu.nanos();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
      cpuNanos = ThreadCpu.nanos() - cpuStart;
      if (misses != 0) {
        throw new IllegalStateException(misses + " misses: not all hits");
      }
    }

    @Setup(Level.Trial)
    public void setUp(ThreadParams thread, L1HitBenchmark benchmark) {
      next = (int) ((long) benchmark.entries * thread.getThreadIndex() / thread.getThreadCount());
    }

    Long key(Long[] order) {
      int i = next;
      next = i + 1 == order.length ? 0 : i + 1;
      ops++;
      return order[i];
    }
  }

  @Benchmark
  public void rawCaffeine(Cursor cursor, Blackhole bh) {
    bh.consume(plain.getIfPresent(cursor.key(order)));
  }

  @Benchmark
  public void rawCaffeineVariableExpiry(Cursor cursor, Blackhole bh) {
    bh.consume(variable.getIfPresent(cursor.key(order)));
  }

  @Benchmark
  public void caskade(Cursor cursor, Blackhole bh) {
    bh.consume(caskade.get(cursor.key(order)));
  }

  @Benchmark
  public void caffeineExpireAfterWrite(Cursor cursor, Blackhole bh) {
    bh.consume(expiring.getIfPresent(cursor.key(order)));
  }

  @Benchmark
  public void jetcacheLocal(Cursor cursor, Blackhole bh) {
    Long value = jetcache.get(cursor.key(order));
    if (value == null) {
      cursor.misses++;
    }
    bh.consume(value);
  }

  @Benchmark
  public void springCaffeineCache(Cursor cursor, Blackhole bh) {
    org.springframework.cache.Cache.ValueWrapper value = spring.get(cursor.key(order));
    if (value == null) {
      cursor.misses++;
    }
    bh.consume(value);
  }

  @Benchmark
  public void ehcacheHeap(Cursor cursor, Blackhole bh) {
    Long value = ehcache.get(cursor.key(order));
    if (value == null) {
      cursor.misses++;
    }
    bh.consume(value);
  }
}
