package io.caskade.tier.compose;

import io.caskade.bus.InvalidationBus;
import io.caskade.tier.Leases;
import io.caskade.tier.Tier;
import io.caskade.tier.TierStore;
import io.caskade.tier.VersionStore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Composes a shared tier from its concerns: a {@link TierStore} (required), a {@link Leases lease
 * provider}, a {@link VersionStore version store} and an {@link InvalidationBus invalidation bus},
 * each from any implementation (a Memcached store with a PostgreSQL or Redis bus, for example).
 *
 * <pre>{@code
 * Tier<Long, User> tier = Tiers.compose(memcachedStore)
 *     .leases(memcachedLeases)
 *     .versions(memcachedVersions)
 *     .bus(postgresBus)
 *     .build();
 * Cache<Long, User> users = Caskade.<Long, User>builder("users").l2(tier).loader(dao::find).build();
 * }</pre>
 *
 * <p>Every part must be chosen: a missing one is an explicit choice with a stated consequence,
 * never a silent gap. {@link Composition#noLeases()}: each instance loads a missing key on its own
 * (one load per instance instead of one per fleet); {@link Composition#noBus()}: other instances'
 * invalidations reach this instance's L1 only when its entries expire, so bound L1 with
 * {@code CacheBuilder.l1MaxLifetime} (or disable L1). The version store is always required: the
 * namespace generation lives there.
 *
 * <p>The composed tier is bound to its cache when the cache is built (name and clock come from
 * the cache). It queues invalidations that cannot reach the store or the bus (last per key, up to
 * {@link Composition#maxPendingInvalidations}) and replays them in order from a maintenance task;
 * while a key's invalidation waits, reads of it miss in the store. Namespace generation and tag
 * versions are cached for at most {@link Composition#refreshInterval} (learnt earlier from the
 * bus).
 */
public final class Tiers {

  private Tiers() {}

  /** Starts composing a tier over {@code store}. */
  public static <K, V> Composition<K, V> compose(TierStore<K, V> store) {
    return new Composition<>(Objects.requireNonNull(store, "store"));
  }

  /**
   * Chooses the parts of a composed tier. Defaults: generations and tags re-read at least every
   * second, up to 10,000 queued invalidations, replayed every 100 ms.
   */
  public static final class Composition<K, V> {
    private final TierStore<K, V> store;
    private Leases<K, V> leases;
    private boolean leasesChosen;
    private VersionStore versions;
    private InvalidationBus bus;
    private boolean busChosen;
    private Duration refreshInterval = Duration.ofSeconds(1);
    private Duration recoveryInterval = Duration.ofMillis(100);
    private int maxPendingInvalidations = 10_000;
    private ScheduledExecutorService scheduler;

    private Composition(TierStore<K, V> store) {
      this.store = store;
    }

    /** Fleet-wide single-flight: one load per missing key across every instance. */
    public Composition<K, V> leases(Leases<K, V> leases) {
      this.leases = Objects.requireNonNull(leases, "leases");
      this.leasesChosen = true;
      return this;
    }

    /** No leases: each instance loads a missing key on its own (per-instance single-flight). */
    public Composition<K, V> noLeases() {
      this.leases = null;
      this.leasesChosen = true;
      return this;
    }

    /** Where the namespace generation and tag versions live (required). */
    public Composition<K, V> versions(VersionStore versions) {
      this.versions = Objects.requireNonNull(versions, "versions");
      return this;
    }

    /** The bus that keeps other instances' L1 coherent with this one's writes. */
    public Composition<K, V> bus(InvalidationBus bus) {
      this.bus = Objects.requireNonNull(bus, "bus");
      this.busChosen = true;
      return this;
    }

    /**
     * No bus: other instances' invalidations reach this L1 only when its entries expire; bound L1
     * with {@code l1MaxLifetime} or disable it.
     */
    public Composition<K, V> noBus() {
      this.bus = null;
      this.busChosen = true;
      return this;
    }

    /**
     * The longest a namespace generation or tag version is trusted without re-reading it
     * (default 1 s): the staleness bound when a bus message is lost.
     */
    public Composition<K, V> refreshInterval(Duration interval) {
      this.refreshInterval = positive(interval, "refreshInterval");
      return this;
    }

    /** How often queued invalidations are retried (default 100 ms). */
    public Composition<K, V> recoveryInterval(Duration interval) {
      this.recoveryInterval = positive(interval, "recoveryInterval");
      return this;
    }

    /** At most this many invalidations wait for replay; beyond it they collapse to one clear. */
    public Composition<K, V> maxPendingInvalidations(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("maxPendingInvalidations must be positive: " + n);
      }
      this.maxPendingInvalidations = n;
      return this;
    }

    /**
     * The scheduler the maintenance task runs on (e.g. a platform's); default one daemon thread
     * shared by every composed tier of the JVM. Not shut down by the tier.
     */
    public Composition<K, V> scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * The tier, not yet bound: give it to {@code CacheBuilder.l2}.
     *
     * @throws IllegalStateException when leases, versions or the bus were not chosen
     */
    public Tier<K, V> build() {
      if (!leasesChosen) {
        throw new IllegalStateException("choose leases(...) or noLeases() (without leases each "
            + "instance loads a missing key on its own)");
      }
      if (versions == null) {
        throw new IllegalStateException("versions(...) is required: the namespace generation and "
            + "tag versions live in the version store");
      }
      if (!busChosen) {
        throw new IllegalStateException("choose bus(...) or noBus() (without a bus other "
            + "instances' invalidations reach L1 only when its entries expire: bound it with "
            + "l1MaxLifetime)");
      }
      return new ComposedTier<>(store, leases, versions, bus, refreshInterval.toNanos(),
          recoveryInterval, maxPendingInvalidations, scheduler);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
