package io.caskade.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.entry.Entry;
import io.caskade.time.CacheClock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
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
 * A factorial breakdown of {@link L1HitBenchmark}: what each piece of Caskade's L1 hit path costs,
 * rebuilt step by step on raw Caffeine outside caskade-core (which keeps L1Store package-private).
 * Diagnostic, not a goal: run it when {@code caskade / rawCaffeine} moves.
 *
 * <ol>
 *   <li>{@code raw_plain}: L1HitBenchmark's {@code rawCaffeine} (size bound only, no expiry).
 *   <li>{@code s0_variableExpiry}: Caffeine with L1Store's {@code expireAfter}, a {@code Long}
 *       value.
 *   <li>{@code s1_epochTicker}: + L1Store's ticker ({@code CacheClock.system()::nanos}).
 *   <li>{@code s2_slotEntry}: + L1Store's value layout: a {@code Slot} (generation) pointing to an
 *       {@link Entry} pointing to the value, both dereferenced per hit, the generation compared to
 *       a shared {@code AtomicLong}, and {@code tagVersions().isEmpty()} read.
 *   <li>{@code s3_clockAndFresh}: + TieredCache's own {@code clock.nanos()} and
 *       {@code isFresh(now)}.
 *   <li>{@code s4_eventCounter}: + {@code EventRecorder.record(L1_HIT)}'s shared {@code LongAdder}
 *       increment (the whole of Caskade's hit path, minus call overhead).
 *   <li>{@code flat}: s4, but with one flattened slot object per key (generation, freshUntil and
 *       the value in the same object as Caffeine's value, no Entry dereference on a hit).
 *   <li>{@code coarse}: s4 with a coarse clock — a volatile {@code long} that a daemon thread
 *       advances every millisecond — as both Caffeine's ticker and Caskade's {@code now}: no
 *       {@code System.nanoTime()} on a hit. {@code coarseFlat}: coarse and flat together.
 *   <li>{@code sizeOnlyFlat}: no Caffeine expiry at all (size bound only, as {@code raw_plain}):
 *       the flattened slot carries its own deadline and the hit path checks it — which Caskade's
 *       hit path does anyway ({@code isFresh}) — with the coarse clock and the counter.
 *       {@code sizeOnlyFlatNanoTime}: the same with one exact {@code System.nanoTime()}-based
 *       clock read per hit instead of the coarse clock. {@code sizeOnlyFlat} is all three proposed
 *       fixes together (see README.md).
 *   <li>{@code nanoTime}: one {@code System.nanoTime()}, what a clock read costs on this machine.
 *   <li>{@code caskadeGet}, {@code caskadeGetIfPresent}: the real thing, for reference.
 * </ol>
 *
 * {@code entries}: 100,000 as in L1HitBenchmark (a working set larger than the CPU caches, so
 * every extra dereference is a likely cache miss) and 1,000 (fits in cache: pure instruction
 * cost).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class L1HitBreakdownBenchmark {

  static final Duration TTL = Duration.ofHours(1);

  @Param({"100000", "1000"})
  int entries;

  Long[] order;
  final CacheClock clock = CacheClock.system();
  final AtomicLong generation = new AtomicLong();
  final LongAdder hits = new LongAdder();

  com.github.benmanes.caffeine.cache.Cache<Long, Long> plain;
  com.github.benmanes.caffeine.cache.Cache<Long, Long> s0;
  com.github.benmanes.caffeine.cache.Cache<Long, Long> s1;
  com.github.benmanes.caffeine.cache.Cache<Long, Slot<Long>> slotted;
  com.github.benmanes.caffeine.cache.Cache<Long, FlatSlot<Long>> flattened;
  com.github.benmanes.caffeine.cache.Cache<Long, Slot<Long>> coarseSlotted;
  com.github.benmanes.caffeine.cache.Cache<Long, FlatSlot<Long>> coarseFlattened;
  com.github.benmanes.caffeine.cache.Cache<Long, FlatSlot<Long>> sizeOnly;
  Cache<Long, Long> caskade;
  final CoarseClock coarse = new CoarseClock();

  /** A clock read from a volatile field that a daemon thread advances every millisecond. */
  static final class CoarseClock implements CacheClock {
    volatile long now = CacheClock.system().nanos();
    volatile boolean running = true;
    final Thread ticker = new Thread(() -> {
      while (running) {
        now = CacheClock.system().nanos();
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
    }, "coarse-clock");

    CoarseClock() {
      ticker.setDaemon(true);
    }

    @Override
    public long nanos() {
      return now;
    }
  }

  /** L1Store's Slot, as in caskade-core. */
  static final class Slot<V> {
    final Entry<V> entry;
    final long generation;

    Slot(Entry<V> entry, long generation) {
      this.entry = entry;
      this.generation = generation;
    }
  }

  /** The proposed flattened slot: what a hit needs, in the object Caffeine hands back. */
  static final class FlatSlot<V> {
    final V value;
    final long freshUntil;
    final long staleUntil;
    final long generation;
    final boolean tagged;
    final Entry<V> entry; // for everything that is not a fresh hit

    FlatSlot(Entry<V> entry, long generation) {
      this.value = entry.value();
      this.freshUntil = entry.freshUntil();
      this.staleUntil = entry.staleUntil();
      this.generation = generation;
      this.tagged = !entry.tagVersions().isEmpty();
      this.entry = entry;
    }
  }

  static <V> Expiry<Long, V> expiry(java.util.function.ToLongFunction<V> expiresAt) {
    return new Expiry<>() {
      @Override
      public long expireAfterCreate(Long key, V value, long now) {
        return Math.max(0, expiresAt.applyAsLong(value) - now);
      }

      @Override
      public long expireAfterUpdate(Long key, V value, long now, long remaining) {
        return expireAfterCreate(key, value, now);
      }

      @Override
      public long expireAfterRead(Long key, V value, long now, long remaining) {
        return remaining;
      }
    };
  }

  @Setup(Level.Trial)
  public void setUp() {
    Long[] keys = new Long[entries];
    for (int i = 0; i < entries; i++) {
      keys[i] = Long.valueOf(1_000_000L + i);
    }
    order = keys.clone();
    Random random = new Random(42);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Long t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    long ttl = TTL.toNanos();
    Ticker epoch = clock::nanos;
    plain = Caffeine.newBuilder().maximumSize(entries).build();
    s0 = Caffeine.newBuilder().maximumSize(entries)
        .expireAfter(Expiry.<Long, Long>creating((k, v) -> TTL)).build();
    s1 = Caffeine.newBuilder().maximumSize(entries).ticker(epoch)
        .expireAfter(Expiry.<Long, Long>creating((k, v) -> TTL)).build();
    slotted = Caffeine.newBuilder().maximumSize(entries).ticker(epoch)
        .expireAfter(L1HitBreakdownBenchmark.<Slot<Long>>expiry(s -> s.entry.expiresAt()))
        .build();
    flattened = Caffeine.newBuilder().maximumSize(entries).ticker(epoch)
        .expireAfter(L1HitBreakdownBenchmark.<FlatSlot<Long>>expiry(s -> s.entry.expiresAt()))
        .build();
    coarse.ticker.start();
    Ticker coarseTicker = coarse::nanos;
    coarseSlotted = Caffeine.newBuilder().maximumSize(entries).ticker(coarseTicker)
        .expireAfter(L1HitBreakdownBenchmark.<Slot<Long>>expiry(s -> s.entry.expiresAt()))
        .build();
    coarseFlattened = Caffeine.newBuilder().maximumSize(entries).ticker(coarseTicker)
        .expireAfter(L1HitBreakdownBenchmark.<FlatSlot<Long>>expiry(s -> s.entry.expiresAt()))
        .build();
    sizeOnly = Caffeine.newBuilder().maximumSize(entries).build();
    caskade = Caskade.<Long, Long>builder("breakdown").loader(k -> k).maximumSize(entries)
        .ttl(TTL).build();
    for (Long key : keys) {
      long now = clock.nanos();
      Entry<Long> e = Entry.of(key, now, now + ttl, now + ttl, now + ttl, 1_000, now, Map.of());
      plain.put(key, key);
      s0.put(key, key);
      s1.put(key, key);
      slotted.put(key, new Slot<>(e, generation.get()));
      flattened.put(key, new FlatSlot<>(e, generation.get()));
      coarseSlotted.put(key, new Slot<>(e, generation.get()));
      coarseFlattened.put(key, new FlatSlot<>(e, generation.get()));
      sizeOnly.put(key, new FlatSlot<>(e, generation.get()));
      caskade.get(key);
    }
    for (com.github.benmanes.caffeine.cache.Cache<?, ?> c
        : java.util.List.of(plain, s0, s1, slotted, flattened, coarseSlotted,
        coarseFlattened, sizeOnly)) {
      c.cleanUp();
      if (c.estimatedSize() != entries) {
        throw new IllegalStateException("setup: " + c.estimatedSize() + " entries");
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (caskade.stats().misses() != entries) {
      throw new IllegalStateException("caskade: not all hits: " + caskade.stats());
    }
    caskade.close();
    coarse.running = false;
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
    }

    @Setup(Level.Trial)
    public void setUp(ThreadParams thread, L1HitBreakdownBenchmark b) {
      next = (int) ((long) b.entries * thread.getThreadIndex() / thread.getThreadCount());
    }

    Long key(Long[] order) {
      int i = next;
      next = i + 1 == order.length ? 0 : i + 1;
      ops++;
      return order[i];
    }
  }

  @Benchmark
  public void raw_plain(Cursor c, Blackhole bh) {
    bh.consume(plain.getIfPresent(c.key(order)));
  }

  @Benchmark
  public void s0_variableExpiry(Cursor c, Blackhole bh) {
    bh.consume(s0.getIfPresent(c.key(order)));
  }

  @Benchmark
  public void s1_epochTicker(Cursor c, Blackhole bh) {
    bh.consume(s1.getIfPresent(c.key(order)));
  }

  @Benchmark
  public void s2_slotEntry(Cursor c, Blackhole bh) {
    Slot<Long> slot = slotted.getIfPresent(c.key(order));
    if (slot == null || slot.generation != generation.get()) {
      throw new AssertionError();
    }
    Entry<Long> e = slot.entry;
    if (!e.tagVersions().isEmpty()) {
      throw new AssertionError();
    }
    bh.consume(e.value());
  }

  @Benchmark
  public void s3_clockAndFresh(Cursor c, Blackhole bh) {
    long now = clock.nanos();
    Slot<Long> slot = slotted.getIfPresent(c.key(order));
    if (slot == null || slot.generation != generation.get()) {
      throw new AssertionError();
    }
    Entry<Long> e = slot.entry;
    if (!e.tagVersions().isEmpty() || !e.isFresh(now)) {
      throw new AssertionError();
    }
    bh.consume(e.value());
  }

  @Benchmark
  public void s4_eventCounter(Cursor c, Blackhole bh) {
    long now = clock.nanos();
    Slot<Long> slot = slotted.getIfPresent(c.key(order));
    if (slot == null || slot.generation != generation.get()) {
      throw new AssertionError();
    }
    Entry<Long> e = slot.entry;
    if (!e.tagVersions().isEmpty() || !e.isFresh(now)) {
      throw new AssertionError();
    }
    hits.increment();
    bh.consume(e.value());
  }

  @Benchmark
  public void flat(Cursor c, Blackhole bh) {
    long now = clock.nanos();
    FlatSlot<Long> slot = flattened.getIfPresent(c.key(order));
    if (slot == null || slot.generation != generation.get() || slot.tagged
        || now >= slot.freshUntil) {
      throw new AssertionError();
    }
    hits.increment();
    bh.consume(slot.value);
  }

  @Benchmark
  public void coarse(Cursor c, Blackhole bh) {
    long now = coarse.nanos();
    Slot<Long> slot = coarseSlotted.getIfPresent(c.key(order));
    if (slot == null || slot.generation != generation.get()) {
      throw new AssertionError();
    }
    Entry<Long> e = slot.entry;
    if (!e.tagVersions().isEmpty() || !e.isFresh(now)) {
      throw new AssertionError();
    }
    hits.increment();
    bh.consume(e.value());
  }

  @Benchmark
  public void coarseFlat(Cursor c, Blackhole bh) {
    long now = coarse.nanos();
    FlatSlot<Long> slot = coarseFlattened.getIfPresent(c.key(order));
    if (slot == null || slot.generation != generation.get() || slot.tagged
        || now >= slot.freshUntil) {
      throw new AssertionError();
    }
    hits.increment();
    bh.consume(slot.value);
  }

  @Benchmark
  public void sizeOnlyFlat(Cursor c, Blackhole bh) {
    long now = coarse.nanos();
    FlatSlot<Long> slot = sizeOnly.getIfPresent(c.key(order));
    if (slot == null || slot.generation != generation.get() || slot.tagged
        || now >= slot.freshUntil) {
      throw new AssertionError();
    }
    hits.increment();
    bh.consume(slot.value);
  }

  @Benchmark
  public void sizeOnlyFlatNanoTime(Cursor c, Blackhole bh) {
    long now = clock.nanos();
    FlatSlot<Long> slot = sizeOnly.getIfPresent(c.key(order));
    if (slot == null || slot.generation != generation.get() || slot.tagged
        || now >= slot.freshUntil) {
      throw new AssertionError();
    }
    hits.increment();
    bh.consume(slot.value);
  }

  @Benchmark
  public void nanoTime(Cursor c, Blackhole bh) {
    c.key(order);
    bh.consume(System.nanoTime());
  }

  @Benchmark
  public void caskadeGet(Cursor c, Blackhole bh) {
    bh.consume(caskade.get(c.key(order)));
  }

  @Benchmark
  public void caskadeGetIfPresent(Cursor c, Blackhole bh) {
    bh.consume(caskade.getIfPresent(c.key(order)));
  }
}
