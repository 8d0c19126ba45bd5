package io.caskade.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.tier.TierException;
import io.caskade.tier.VersionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link VersionStore}: counters that never go back. A bump strictly increases
 * its counter, also across instances bumping at once (no number issued twice; a bump may give up
 * with a {@link TierException} under contention, issuing nothing); a counter the
 * server lost (deleted, evicted, flushed) comes back above every number issued before; a counter
 * starts at or above a clock floor.
 *
 * <p>The store module implements the loss: {@link #loseCounter} (delete or evict one counter) and
 * {@link #loseAll} (flush the server, or restart it empty). Counter names follow the composed
 * tier's ({@code <cache>/gen}, {@code <cache>/tag/<tag>}) under a fresh cache name per test.
 */
public abstract class VersionStoreContract {

  private final List<AutoCloseable> opened = new ArrayList<>();

  /** A new version store on the server under test; each call is another instance. */
  protected abstract VersionStore newVersionStore();

  /** Makes the server forget {@code counter}, as an eviction or a lost key would. */
  protected abstract void loseCounter(String counter);

  /** Makes the server forget every counter, as a flush or a restart without persistence would. */
  protected abstract void loseAll();

  /**
   * The lowest value a counter created now may have: by default the wall clock in microseconds
   * minus a minute (the server's clock may lag this one). A store counting in another unit
   * overrides it.
   */
  protected long clockFloor() {
    return (System.currentTimeMillis() - 60_000L) * 1_000L;
  }

  /** A new version store, closed after the test. */
  protected final VersionStore open() {
    VersionStore store = newVersionStore();
    opened.add(store);
    return store;
  }

  @AfterEach
  void closeStores() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    opened.clear();
  }

  private static String counter(String what) {
    return ContractContext.uniqueCacheName() + "/" + what;
  }

  @Test
  void aNewCounterStartsAtOrAboveTheClockFloor() {
    VersionStore store = open();
    long floor = clockFloor();

    assertThat(store.read(counter("gen"))).isGreaterThanOrEqualTo(floor);
    assertThat(store.bump(counter("tag/users"))).isGreaterThanOrEqualTo(floor);
  }

  @Test
  void aReadIsStableWithoutBumps() {
    VersionStore a = open();
    VersionStore b = open();
    String name = counter("gen");

    long first = a.read(name);

    assertThat(a.read(name)).isEqualTo(first);
    assertThat(b.read(name)).as("another instance's read").isEqualTo(first);
  }

  @Test
  void aBumpStrictlyIncreasesAndIsWhatReadsSee() {
    VersionStore a = open();
    VersionStore b = open();
    String name = counter("tag/orders");
    long last = a.read(name);

    for (int i = 0; i < 50; i++) {
      long next = a.bump(name);
      assertThat(next).as("bump %d", i).isGreaterThan(last);
      assertThat(b.read(name)).isEqualTo(next);
      last = next;
    }
  }

  @Test
  void concurrentBumpsOnSeveralInstancesNeverIssueANumberTwice() throws Exception {
    String name = counter("gen");
    List<VersionStore> stores = List.of(open(), open(), open(), open());
    int threads = 8;
    int bumpsEach = 50;
    Set<Long> issued = ConcurrentHashMap.newKeySet();
    AtomicInteger succeeded = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> highest = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        VersionStore store = stores.get(t % stores.size());
        highest.add(pool.submit(() -> {
          go.await();
          long mine = Long.MIN_VALUE;
          for (int i = 0; i < bumpsEach; i++) {
            long v;
            try {
              v = store.bump(name);
            } catch (TierException e) {
              refused.incrementAndGet(); // a store may give up under contention: nothing issued
              continue;
            }
            assertThat(v).as("bumps of one thread").isGreaterThan(mine);
            mine = v;
            succeeded.incrementAndGet();
            issued.add(v);
          }
          return mine;
        }));
      }
      go.countDown();
      long max = Long.MIN_VALUE;
      for (Future<Long> f : highest) {
        max = Math.max(max, get(f));
      }
      assertThat(issued).as("distinct numbers among %d bumps (%d refused)", succeeded.get(),
          refused.get()).hasSize(succeeded.get());
      assertThat(succeeded.get()).as("bumps that succeeded").isPositive();
      assertThat(stores.get(0).read(name)).isEqualTo(max);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLostCounterComesBackAboveEveryNumberIssuedBefore() {
    VersionStore store = open();
    String name = counter("gen");
    long highest = 0;
    for (int i = 0; i < 200; i++) {
      highest = store.bump(name);
    }

    loseCounter(name);

    long after = open().read(name);
    assertThat(after).as("the counter re-created after the loss").isGreaterThan(highest);
    assertThat(store.bump(name)).isGreaterThan(after);
  }

  @Test
  void aCounterLostBetweenBumpsIsNeverReIssued() {
    VersionStore store = open();
    String name = counter("tag/users");
    long before = store.bump(name);

    loseCounter(name);

    assertThat(store.bump(name)).isGreaterThan(before);
  }

  @Test
  void everyCounterComesBackAboveItsPastAfterTheServerLostThemAll() {
    VersionStore store = open();
    String gen = counter("gen");
    String tag = counter("tag/users");
    long genBefore = 0;
    long tagBefore = 0;
    for (int i = 0; i < 20; i++) {
      genBefore = store.bump(gen);
      tagBefore = store.bump(tag);
    }

    loseAll();

    VersionStore fresh = open();
    assertThat(fresh.read(gen)).isGreaterThan(genBefore);
    assertThat(fresh.bump(tag)).isGreaterThan(tagBefore);
  }

  @Test
  void counterIsIndependentOfTheOthers() {
    VersionStore store = open();
    String a = counter("tag/a");
    String b = counter("tag/b");
    long bBefore = store.read(b);

    store.bump(a);
    store.bump(a);

    assertThat(store.read(b)).isEqualTo(bBefore);
  }

  @Test
  void readAllAnswersInOrder() {
    VersionStore store = open();
    String a = counter("tag/a");
    String b = counter("tag/b");
    String c = counter("gen");
    long va = store.bump(a);
    long vb = store.read(b);
    long vc = store.bump(c);

    assertThat(store.readAll(List.of(a, b, c))).containsExactly(va, vb, vc);
    assertThat(store.readAll(List.of())).isEmpty();
  }

  private static long get(Future<Long> f) throws Exception {
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("bumps did not finish in 60 s", e);
    }
  }
}
