package io.caskade.lab.scenario;

import io.caskade.Cache;
import io.caskade.CacheStats;
import io.caskade.Caskade;
import io.caskade.lab.load.Counters;
import io.caskade.lab.load.KeyDistribution;
import io.caskade.lab.load.RequestHandler;
import io.caskade.lab.source.FragileDatabase;
import io.caskade.lab.source.User;
import io.caskade.lab.source.UserRepository;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.codec.JacksonCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The fleet of the {@link ConsistencyScenario}: instances with L1 over one Redis L2 (TTL 10
 * minutes: nothing expires during a run), read-through with the lab's loader, writes in
 * INVALIDATE mode. Every read is checked against the {@link CommitLog}. Writers run on their own
 * threads, each owning the keys {@code id % writers == w}: they commit new versions through a
 * random instance's cache ({@code cache.write}) or, with probability {@code bypassShare}, with
 * plain SQL behind the caches' back.
 */
final class ConsistencyFleet implements Fleet {

  static final Duration TTL = Duration.ofMinutes(10);

  private final FragileDatabase database;
  private final UserRepository repository;
  private final List<Cache<Long, User>> caches = new ArrayList<>();
  private final List<RequestHandler> handlers = new ArrayList<>();
  private final CommitLog log = new CommitLog();
  private final LongAdder writes = new LongAdder();
  private final LongAdder bypassWrites = new LongAdder();
  private final LongAdder writeErrors = new LongAdder();
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean writing;

  ConsistencyFleet(FragileDatabase database, LabSettings s, String redisUrl, String cacheName,
      long workingSet) {
    this.database = database;
    this.repository = database.newRepository();
    UserWriter writer = new UserWriter(repository);
    try {
      for (int i = 0; i < s.instances(); i++) {
        Cache<Long, User> cache = Caskade.<Long, User>builder("users")
            .loader(UserLoader.of(repository))
            .writer(writer)
            .randomSeed(s.seed() + i)
            .maximumSize(Math.max(10_000, workingSet * 2))
            .ttl(TTL)
            .l2(RedisTier.builder(RedisConfig.standalone(redisUrl), cacheName, KeyCodec.longs(),
                JacksonCodec.of(User.class)).build())
            .build();
        caches.add(cache);
        handlers.add(key -> read(cache, key));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void read(Cache<Long, User> cache, long key) {
    long start = System.nanoTime();
    User u = cache.get(key);
    if (u != null) {
      log.read(key, u.version(), start);
    }
  }

  /** Starts {@code count} writer threads over {@code keys}. */
  void startWriters(int count, double bypassShare, KeyDistribution keys, long seed) {
    writing = true;
    for (int w = 0; w < count; w++) {
      int self = w;
      SplittableRandom random = new SplittableRandom(seed * 31 + w);
      LongSupplier chooser = keys.chooser(random.split());
      Thread t = new Thread(() -> {
        while (writing) {
          long key = chooser.getAsLong();
          if (key % count != self) {
            continue;
          }
          try {
            write(key, random.nextDouble() < bypassShare, random);
          } catch (RuntimeException e) {
            writeErrors.increment();
          }
        }
      }, "lab-writer-" + w);
      t.setDaemon(true);
      writers.add(t);
      t.start();
    }
  }

  private void write(long key, boolean bypass, SplittableRandom random) {
    long v = log.nextVersion(key);
    User u = new User(key, "user-" + key + "-v" + v, "user-" + key + "@caskade.test", v);
    if (bypass) {
      repository.update(u);
      bypassWrites.increment();
    } else {
      caches.get(random.nextInt(caches.size())).write(key, u);
    }
    log.committed(key, v, System.nanoTime());
    writes.increment();
  }

  /** Stops the writers and waits for their last write. */
  void stopWriters() throws InterruptedException {
    writing = false;
    for (Thread t : writers) {
      t.join(10_000);
    }
  }

  CommitLog log() {
    return log;
  }

  long writes() {
    return writes.sum();
  }

  long bypassWrites() {
    return bypassWrites.sum();
  }

  long writeErrors() {
    return writeErrors.sum();
  }

  List<Cache<Long, User>> caches() {
    return List.copyOf(caches);
  }

  /**
   * Copies still stale now: for every instance and every written key, a read ({@code cache.get})
   * that returns an older version than the database holds. Call after the writers stopped.
   */
  long staleCopies() {
    List<Long> keys = new ArrayList<>(log.writtenKeys());
    Map<Long, User> rows = new java.util.HashMap<>();
    for (int from = 0; from < keys.size(); from += 500) {
      rows.putAll(repository.findAll(keys.subList(from, Math.min(keys.size(), from + 500))));
    }
    long stale = 0;
    for (Cache<Long, User> cache : caches) {
      for (Long key : keys) {
        User cached = cache.get(key);
        User row = rows.get(key);
        if (cached != null && row != null && cached.version() < row.version()) {
          stale++;
        }
      }
    }
    return stale;
  }

  /** Fills every instance with {@code ids} (bulk loads), so a run starts warm. */
  void prefill(List<Long> ids) {
    for (Cache<Long, User> cache : caches) {
      for (int from = 0; from < ids.size(); from += 500) {
        cache.getAll(ids.subList(from, Math.min(ids.size(), from + 500)));
      }
    }
  }

  @Override
  public List<RequestHandler> instances() {
    return List.copyOf(handlers);
  }

  @Override
  public Counters counters() {
    long l1 = 0;
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

  @Override
  public void close() {
    writing = false;
    for (Cache<Long, User> c : caches) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // closing one instance must not keep the others open
      }
    }
  }
}
