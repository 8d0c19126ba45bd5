package io.caskade.lab.scenario;

import io.caskade.Cache;
import io.caskade.CacheBuilder;
import io.caskade.CacheStats;
import io.caskade.Caskade;
import io.caskade.lab.load.Counters;
import io.caskade.lab.load.RequestHandler;
import io.caskade.lab.source.FragileDatabase;
import io.caskade.lab.source.User;
import io.caskade.lab.source.UserRepository;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.codec.JacksonCodec;
import io.caskade.redis.journal.RedisWriteJournal;
import io.caskade.write.InMemoryWriteBehindQueue;
import io.caskade.write.WriteBehind;
import io.caskade.write.WriteBehindStats;
import io.caskade.write.WriteMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The fleet of the {@link PatternsScenario}: instances with L1 over a shared Redis L2, serving a
 * read/write mix. A request is a write when the fleet-wide write clock says one is due (a fixed
 * rate whatever the variant), else a read. Writes carry fleet-wide increasing versions; the
 * newest acknowledged version of each key is remembered, to check the database at the end.
 */
final class PatternFleet implements Fleet {

  /** Write-behind settings of both queues: batches of up to 100 keys, at least every 200ms. */
  static final WriteBehind WRITE_BEHIND = WriteBehind.builder()
      .batchSize(100)
      .maxDelay(Duration.ofMillis(200))
      .closeDeadline(Duration.ofSeconds(30))
      .build();

  private final FragileDatabase database;
  private final UserRepository repository;
  private final String variant;
  private final long workingSet;
  private final List<Cache<Long, User>> caches = new ArrayList<>();
  private final List<InMemoryWriteBehindQueue<Long, User>> memoryQueues = new ArrayList<>();
  private final List<RedisWriteJournal<Long, User>> journals = new ArrayList<>();
  private final List<RequestHandler> handlers = new ArrayList<>();
  private final LongAdder asideHits = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
  private final AtomicLong versions;
  private final WriteClock clock;
  private final Recorder writeLatency = new Recorder(3);
  private boolean closed;

  PatternFleet(LabContext context, String variant, Duration ttl, long workingSet,
      double writesPerSecond) {
    this.database = context.database();
    this.repository = database.newRepository();
    this.variant = variant;
    this.workingSet = workingSet;
    this.versions = new AtomicLong(repository.maxVersion());
    this.clock = new WriteClock(writesPerSecond);
    LabSettings s = context.settings();
    String cacheName = L2Tiers.freshName(PatternsScenario.NAME);
    UserWriter writer = new UserWriter(repository);
    try {
      for (int i = 0; i < s.instances(); i++) {
        CacheBuilder<Long, User> b = L2Tiers.attach(Caskade.<Long, User>builder("users")
            .loader(UserLoader.of(repository))
            .randomSeed(s.seed() + i)
            .maximumSize(Math.max(10_000, workingSet * 2))
            .ttl(ttl)
            .ttlJitter(0.2), context, cacheName);
        switch (variant) {
          case PatternsScenario.WRITE_THROUGH -> b.writer(writer, WriteMode.THROUGH);
          case PatternsScenario.WRITE_BEHIND_MEMORY -> {
            var queue = new InMemoryWriteBehindQueue<Long, User>(cacheName + "-" + i,
                WRITE_BEHIND);
            memoryQueues.add(queue);
            b.writeBehind(writer, queue);
          }
          case PatternsScenario.WRITE_BEHIND_DURABLE -> {
            var journal = RedisWriteJournal.builder(
                    RedisConfig.standalone(L2Tiers.redisUrl(context)), cacheName,
                    KeyCodec.longs(), JacksonCodec.of(User.class))
                .settings(WRITE_BEHIND)
                .consumer("instance-" + i)
                .build();
            journals.add(journal);
            b.writeBehind(writer, journal);
          }
          case PatternsScenario.REFRESH_AHEAD -> b.writer(writer)
              .refreshAhead(ttl.dividedBy(3));
          default -> b.writer(writer);  // INVALIDATE (cache-aside writes by hand)
        }
        Cache<Long, User> cache = b.build();
        caches.add(cache);
        handlers.add(variant.equals(PatternsScenario.CACHE_ASIDE)
            ? key -> cacheAside(cache, key)
            : key -> cached(cache, key));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The application's own cache-aside: look, on a miss query and put; write, then invalidate. */
  private void cacheAside(Cache<Long, User> cache, long key) {
    if (clock.writeDue()) {
      long t0 = System.nanoTime();
      User u = next(key);
      repository.updateIfNewer(u);
      cache.invalidate(key);
      acknowledge(u, t0);
      return;
    }
    User user = cache.getIfPresent(key);
    if (user != null) {
      asideHits.increment();
      return;
    }
    repository.find(key).ifPresent(u -> cache.put(key, u));
  }

  /** Through the cache: {@code get} reads, {@code write} writes in the variant's mode. */
  private void cached(Cache<Long, User> cache, long key) {
    if (clock.writeDue()) {
      long t0 = System.nanoTime();
      User u = next(key);
      cache.write(key, u);
      acknowledge(u, t0);
      return;
    }
    cache.get(key);
  }

  private User next(long key) {
    long v = versions.incrementAndGet();
    return new User(key, "user-" + key + "-v" + v, "user-" + key + "@caskade.test", v);
  }

  private void acknowledge(User u, long startNanos) {
    writeLatency.recordValue(Math.max(0, (System.nanoTime() - startNanos) / 1_000));
    writes.increment();
    acknowledged.merge(u.id(), u.version(), Math::max);
  }

  /** Fills every instance with the working set (bulk loads), so a run starts warm. */
  void prefill() {
    List<Long> ids = PatternsScenario.ids(workingSet);
    for (Cache<Long, User> cache : caches) {
      for (int from = 0; from < ids.size(); from += 500) {
        cache.getAll(ids.subList(from, Math.min(ids.size(), from + 500)));
      }
    }
  }

  /** Writes acknowledged to clients. */
  long writes() {
    return writes.sum();
  }

  /** 99th percentile of what a writing client waited, in microseconds. */
  long writeP99Micros() {
    var h = writeLatency.getIntervalHistogram();
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99);
  }

  /**
   * The write-behind queue right now (depth summed over in-memory queues, fleet-wide for the
   * journal; the longest lag), or null for the other variants.
   */
  WriteBehindStats writeBehindStats() {
    if (!memoryQueues.isEmpty()) {
      long depth = 0;
      long coalesced = 0;
      Duration lag = Duration.ZERO;
      for (var q : memoryQueues) {
        WriteBehindStats st = q.stats();
        depth += st.depth();
        coalesced += st.coalesced();
        lag = st.lag().compareTo(lag) > 0 ? st.lag() : lag;
      }
      return new WriteBehindStats(depth, lag, 0, coalesced, 0, 0, 0, 0, 0, 0);
    }
    if (!journals.isEmpty()) {
      long depth = 0;
      long coalesced = 0;
      Duration lag = Duration.ZERO;
      for (var j : journals) {
        WriteBehindStats st = j.stats();
        depth = Math.max(depth, st.depth());  // fleet-wide already
        coalesced += st.coalesced();
        lag = st.lag().compareTo(lag) > 0 ? st.lag() : lag;
      }
      return new WriteBehindStats(depth, lag, 0, coalesced, 0, 0, 0, 0, 0, 0);
    }
    return null;
  }

  /**
   * Keys whose newest acknowledged write the database does not hold, read back in one query per
   * 500 keys. Call after {@link #close()}, when write-behind has flushed.
   */
  long lostWrites() {
    List<Long> keys = new ArrayList<>(acknowledged.keySet());
    Map<Long, User> rows = new java.util.HashMap<>();
    for (int from = 0; from < keys.size(); from += 500) {
      rows.putAll(repository.findAll(keys.subList(from, Math.min(keys.size(), from + 500))));
    }
    return PatternsScenario.lostWrites(acknowledged, rows);
  }

  @Override
  public List<RequestHandler> instances() {
    return List.copyOf(handlers);
  }

  @Override
  public Counters counters() {
    long l1 = asideHits.sum();
    long l2 = 0;
    long stale = 0;
    for (Cache<Long, User> c : caches) {
      CacheStats st = c.stats();
      l1 += st.l1Hits();
      l2 += st.l2Hits();
      stale += st.staleServed();
    }
    return new Counters(repository.counter().queries(), l1, l2, stale);
  }

  @Override
  public int sourceWaiting() {
    return database.waitingCallers();
  }

  @Override
  public UserRepository repository() {
    return repository;
  }

  /** Closes every instance (write-behind queues flush first). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Cache<Long, User> c : caches) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // closing one instance must not keep the others open
      }
    }
  }

  /** Hands out writes at a fixed rate to whichever client asks first once one is due. */
  static final class WriteClock {
    private final long intervalNanos;
    private final AtomicLong next;

    WriteClock(double perSecond) {
      this.intervalNanos = Math.max(1, (long) (1e9 / perSecond));
      this.next = new AtomicLong(System.nanoTime());
    }

    /** True for the one caller that takes a due write; a late clock skips ahead, never bursts. */
    boolean writeDue() {
      long now = System.nanoTime();
      long due = next.get();
      if (now - due < 0) {
        return false;
      }
      long following = now - due > 10 * intervalNanos ? now + intervalNanos : due + intervalNanos;
      return next.compareAndSet(due, following);
    }
  }
}
