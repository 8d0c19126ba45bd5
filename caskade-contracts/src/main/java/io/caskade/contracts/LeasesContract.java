package io.caskade.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.entry.Entry;
import io.caskade.tier.Claim;
import io.caskade.tier.Lease;
import io.caskade.tier.Leases;
import io.caskade.tier.TierStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Leases} over their {@link TierStore}: one grant among many concurrent
 * acquirers (on several instances), a claim ({@link Leases#claim}) that finds a fill or else
 * answers for the lease — never granting one on a key already filled (the default claim gives
 * this only where {@code acquire} itself refuses a filled key) — a fill under a valid lease stored, a fill after an
 * invalidation refused (the stale-set race, forced in a fixed order), takeover once a lease
 * outlived its TTL, and release.
 *
 * <p>The stale-set race: loader A takes the lease and reads the old row; a writer changes the row
 * and deletes the key (voiding A's lease); B misses, takes a new lease and loads the new row; A's
 * late fill of the old row must be refused, or the old row would stay in the shared tier until it
 * expires. Every interleaving here is forced by the test's own order of calls, so the suite is
 * deterministic.
 */
public abstract class LeasesContract {

  /** One instance of an application: its store and the leases over it, bound to one cache. */
  protected record Instance(TierStore<String, String> store, Leases<String, String> leases) {}

  private final List<AutoCloseable> opened = new ArrayList<>();

  /**
   * A new store for cache {@code cache} on the server under test, not bound yet
   * ({@code String} keys and values); each call is another instance of an application.
   */
  protected abstract TierStore<String, String> newStore(String cache);

  /**
   * Leases over {@code store} (not bound yet), configured with a lease TTL of
   * {@link #leaseTtl()}.
   */
  protected abstract Leases<String, String> newLeases(TierStore<String, String> store);

  /**
   * The lease TTL {@link #newLeases} configures: short (a second or two), so the takeover test
   * does not wait long.
   */
  protected abstract Duration leaseTtl();

  /** A new instance (store and leases) bound to {@code context}; closed after the test. */
  protected final Instance instance(ContractContext context) {
    TierStore<String, String> store = newStore(context.cache());
    opened.add(store);
    store.bind(context);
    Leases<String, String> leases = newLeases(store);
    leases.bind(context);
    if (leases instanceof AutoCloseable c && c != store) {
      opened.add(c);
    }
    return new Instance(store, leases);
  }

  @AfterEach
  void closeInstances() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    opened.clear();
  }

  @RepeatedTest(5)
  void exactlyOneOfManyConcurrentAcquirersIsGranted() throws Exception {
    ContractContext context = ContractContext.fresh();
    List<Instance> instances = List.of(instance(context), instance(context), instance(context),
        instance(context));
    int threads = 32;

    List<Lease> answers = allAtOnce(instances, threads, in -> in.leases().acquire("hot"));

    int granted = 0;
    for (Lease lease : answers) {
      assertThat(lease).isNotNull();
      if (lease.isGranted()) {
        granted++;
      }
    }
    assertThat(granted).as("leases granted on one key among %d acquirers", threads)
        .isEqualTo(1);
  }

  /**
   * Runs {@code call} on {@code threads} threads spread round-robin over {@code instances}, all
   * released together once every thread is ready; their answers.
   */
  private static <T> List<T> allAtOnce(List<Instance> instances, int threads,
      Function<Instance, T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Instance in = instances.get(t % instances.size());
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return call.apply(in);
        }));
      }
      ready.await(10, TimeUnit.SECONDS);
      go.countDown();
      List<T> answers = new ArrayList<>(threads);
      for (Future<T> f : futures) {
        answers.add(f.get(30, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void leasesOnDifferentKeysAreIndependent() {
    Instance a = instance(ContractContext.fresh());

    assertThat(a.leases().acquire("k1").isGranted()).isTrue();
    assertThat(a.leases().acquire("k2").isGranted()).isTrue();
  }

  @Test
  void aFillUnderAValidLeaseIsStored() {
    ContractContext context = ContractContext.fresh();
    Instance a = instance(context);
    Instance b = instance(context);
    Lease lease = a.leases().acquire("k");
    assertThat(lease.isGranted()).isTrue();
    Entry<String> entry = ContractEntries.lasting("loaded");

    assertThat(a.leases().fill("k", entry, lease)).isTrue();

    assertThat(a.store().get("k")).isEqualTo(entry);
    assertThat(b.store().get("k")).isEqualTo(entry);
  }

  @Test
  void aClaimOnAnEmptyKeyIsTheLeaseAndASecondClaimIsToldItIsHeld() {
    ContractContext context = ContractContext.fresh();
    Instance a = instance(context);
    Instance b = instance(context);

    Claim<String> first = a.leases().claim("k", a.store());
    Claim<String> second = b.leases().claim("k", b.store());

    assertThat(first.found()).isNull();
    assertThat(first.lease().isGranted()).isTrue();
    assertThat(second.found()).isNull();
    assertThat(second.lease().isGranted()).isFalse();
    assertThat(a.leases().fill("k", ContractEntries.lasting("loaded"), first.lease())).isTrue();
  }

  @Test
  void aClaimOnAFilledKeyFindsTheFillAndTakesNoLease() {
    ContractContext context = ContractContext.fresh();
    Instance holder = instance(context);
    Instance waiter = instance(context);
    Lease lease = holder.leases().acquire("k");
    Entry<String> entry = ContractEntries.lasting("loaded");
    assertThat(waiter.leases().claim("k", waiter.store()).lease().isGranted()).isFalse();
    assertThat(holder.leases().fill("k", entry, lease)).isTrue();

    Claim<String> claim = waiter.leases().claim("k", waiter.store());

    assertThat(claim.found()).isEqualTo(entry);
    assertThat(claim.lease()).isNull();
    assertThat(holder.leases().acquire("k").isGranted())
        .as("no lease was left behind by a claim that found the fill").isTrue();
  }

  @RepeatedTest(5)
  void concurrentClaimsGrantOneLeaseAndEveryOtherClaimIsHeldOrFindsTheFill() throws Exception {
    ContractContext context = ContractContext.fresh();
    List<Instance> instances = List.of(instance(context), instance(context), instance(context));
    int threads = 24;

    List<Claim<String>> answers = allAtOnce(instances, threads, in -> {
      Claim<String> claim = in.leases().claim("hot", in.store());
      if (claim.lease() != null && claim.lease().isGranted()) { // the winner fills at once
        in.leases().fill("hot", ContractEntries.lasting("loaded"), claim.lease());
      }
      return claim;
    });

    int granted = 0;
    for (Claim<String> claim : answers) {
      if (claim.found() != null) {
        assertThat(claim.found().value()).isEqualTo("loaded");
      } else if (claim.lease().isGranted()) {
        granted++;
      }
    }
    assertThat(granted).as("leases granted among %d claims", threads).isEqualTo(1);
  }

  @Test
  void theSecondAcquirerIsToldTheLeaseIsHeldElsewhere() {
    ContractContext context = ContractContext.fresh();
    Instance a = instance(context);
    Instance b = instance(context);

    assertThat(a.leases().acquire("k").isGranted()).isTrue();
    Lease second = b.leases().acquire("k");

    assertThat(second.isGranted()).isFalse();
    assertThat(second.token()).isNull();
  }

  @Test
  void aFillAfterTheKeyWasDeletedIsRefused() {
    ContractContext context = ContractContext.fresh();
    Instance loader = instance(context);
    Instance writer = instance(context);
    Lease lease = loader.leases().acquire("k"); // the loader reads the old row now ...
    assertThat(lease.isGranted()).isTrue();

    writer.store().delete(List.of("k")); // ... a writer changes the row and invalidates

    assertThat(loader.leases().fill("k", ContractEntries.lasting("old row"), lease))
        .as("a fill whose lease was voided by an invalidation").isFalse();
    assertThat(writer.store().get("k")).isNull();
  }

  @Test
  void theStaleSetRaceLeavesTheNewRowInTheTier() {
    ContractContext context = ContractContext.fresh();
    Instance slow = instance(context);
    Instance writer = instance(context);
    Instance fast = instance(context);

    Lease slowLease = slow.leases().acquire("k"); // 1. slow loader reads the old row
    assertThat(slowLease.isGranted()).isTrue();
    writer.store().delete(List.of("k")); // 2. the row changes; the key is invalidated
    Lease fastLease = fast.leases().acquire("k"); // 3. another loader misses ...
    assertThat(fastLease.isGranted()).as("a lease after the invalidation voided the old one")
        .isTrue();
    Entry<String> newRow = ContractEntries.lasting("new row");
    Entry<String> oldRow = ContractEntries.lasting("old row");

    boolean oldStored = slow.leases().fill("k", oldRow, slowLease); // 4. the slow fill arrives
    boolean newStored = fast.leases().fill("k", newRow, fastLease); // 5. ... and the new one

    assertThat(oldStored).as("the slow loader's fill of the old row").isFalse();
    assertThat(newStored).as("the fill of the new row").isTrue();
    assertThat(writer.store().get("k")).isEqualTo(newRow);
  }

  @Test
  void theStaleSetRaceWithTheSlowFillLastLeavesTheNewRow() {
    ContractContext context = ContractContext.fresh();
    Instance slow = instance(context);
    Instance writer = instance(context);
    Instance fast = instance(context);
    Lease slowLease = slow.leases().acquire("k");
    writer.store().delete(List.of("k"));
    Lease fastLease = fast.leases().acquire("k");
    Entry<String> newRow = ContractEntries.lasting("new row");

    assertThat(fast.leases().fill("k", newRow, fastLease)).isTrue();
    assertThat(slow.leases().fill("k", ContractEntries.lasting("old row"), slowLease)).isFalse();

    assertThat(writer.store().get("k")).isEqualTo(newRow);
  }

  @Test
  void aFillAfterTheKeyWasReplacedIsRefused() {
    ContractContext context = ContractContext.fresh();
    Instance loader = instance(context);
    Instance writer = instance(context);
    Lease lease = loader.leases().acquire("k");
    assertThat(lease.isGranted()).isTrue();
    Entry<String> written = ContractEntries.lasting("written");

    writer.store().replace("k", written);

    assertThat(loader.leases().fill("k", ContractEntries.lasting("old row"), lease)).isFalse();
    assertThat(writer.store().get("k")).isEqualTo(written);
  }

  @Test
  void anExpiredLeaseIsTakenOverAndItsFillRefused() {
    ContractContext context = ContractContext.fresh();
    Instance crashed = instance(context);
    Instance next = instance(context);
    Lease old = crashed.leases().acquire("k");
    assertThat(old.isGranted()).isTrue();
    assertThat(next.leases().acquire("k").isGranted()).isFalse();

    Lease[] taken = new Lease[1];
    await("the lease to be taken over after its TTL").atMost(leaseTtl().multipliedBy(10)
            .plusSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> (taken[0] = next.leases().acquire("k")).isGranted());
    Entry<String> fresh = ContractEntries.lasting("taken over");

    assertThat(crashed.leases().fill("k", ContractEntries.lasting("late"), old))
        .as("the fill of a lease that was taken over").isFalse();
    assertThat(next.leases().fill("k", fresh, taken[0])).isTrue();
    assertThat(next.store().get("k")).isEqualTo(fresh);
  }

  @Test
  void aReleaseLetsAnotherInstanceAcquire() {
    ContractContext context = ContractContext.fresh();
    Instance a = instance(context);
    Instance b = instance(context);
    Lease lease = a.leases().acquire("k");
    assertThat(b.leases().acquire("k").isGranted()).isFalse();

    a.leases().release("k", lease);

    assertThat(b.leases().acquire("k").isGranted()).isTrue();
    assertThat(a.store().get("k")).as("a release stores nothing").isNull();
  }

  @Test
  void aReleaseOfALeaseTakenOverDoesNotFreeTheNewHolder() {
    ContractContext context = ContractContext.fresh();
    Instance crashed = instance(context);
    Instance next = instance(context);
    Instance third = instance(context);
    Lease old = crashed.leases().acquire("k");
    await("the lease to be taken over after its TTL").atMost(leaseTtl().multipliedBy(10)
            .plusSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> next.leases().acquire("k").isGranted());

    crashed.leases().release("k", old);

    assertThat(third.leases().acquire("k").isGranted())
        .as("the new holder's lease after a stale release").isFalse();
  }
}
