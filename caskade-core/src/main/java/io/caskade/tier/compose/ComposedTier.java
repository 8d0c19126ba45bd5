package io.caskade.tier.compose;

import io.caskade.bus.InvalidationBus;
import io.caskade.codec.KeyCodec;
import io.caskade.entry.Entry;
import io.caskade.invalidation.TagVersions;
import io.caskade.tier.Claim;
import io.caskade.tier.Leases;
import io.caskade.tier.RemoteInvalidationListener;
import io.caskade.tier.Tier;
import io.caskade.tier.TierContext;
import io.caskade.tier.TierException;
import io.caskade.tier.TierRejectedException;
import io.caskade.tier.TierStore;
import io.caskade.tier.VersionStore;
import io.caskade.time.CacheClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Tier} joined from a store, leases, a version store and a bus (built by
 * {@link Tiers#compose}; tiers such as the Redis one read their statistics from it).
 * Invalidations delete in the store, then announce on the bus;
 * those that fail are queued ({@code PendingInvalidations}) and replayed by the maintenance task,
 * and while one waits, reads of its key miss. Messages from the bus are decoded with the store's
 * key codec and handed to the cache's listener.
 */
public final class ComposedTier<K, V> implements Tier<K, V> {

  private static final Logger log = LoggerFactory.getLogger(ComposedTier.class);

  private final TierStore<K, V> store;
  private final Leases<K, V> leases;
  private final VersionStore versions;
  private final InvalidationBus bus;
  private final KeyCodec<K> keys;
  private final long refreshNanos;
  private final Duration recoveryInterval;
  private final PendingInvalidations pending;
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder queued = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private volatile Bound bound;
  private volatile RemoteInvalidationListener<K> listener;
  private volatile ScheduledFuture<?> maintenance;

  /** What binding to a cache created. */
  record Bound(String cache, CacheClock clock, SharedGeneration generation,
      SharedTagVersions tags) {}

  /** Use {@link Tiers#compose}. */
  ComposedTier(TierStore<K, V> store, Leases<K, V> leases, VersionStore versions,
      InvalidationBus bus, long refreshNanos, Duration recoveryInterval, int maxPending,
      ScheduledExecutorService scheduler) {
    this.store = Objects.requireNonNull(store, "store");
    this.leases = leases;
    this.versions = Objects.requireNonNull(versions, "versions");
    this.bus = bus;
    this.keys = Objects.requireNonNull(store.keys(), "store.keys()");
    this.refreshNanos = refreshNanos;
    this.recoveryInterval = recoveryInterval;
    this.pending = new PendingInvalidations(maxPending);
    this.scheduler = scheduler != null ? scheduler : MaintenanceThread.shared();
  }

  @Override
  public String name() {
    return store.name();
  }

  @Override
  public synchronized void bind(String cache, CacheClock clock) {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(clock, "clock");
    if (bound != null) {
      if (bound.cache().equals(cache)) {
        bound = new Bound(cache, clock, bound.generation(), bound.tags()); // the cache's clock
        return;
      }
      throw new IllegalStateException("this " + store.name() + " tier already serves cache '"
          + bound.cache() + "'; compose one tier per cache (asked to serve '" + cache + "')");
    }
    SharedGeneration generation = new SharedGeneration(versions, cache + "/gen", refreshNanos,
        this::generationChanged);
    SharedTagVersions tags = new SharedTagVersions(versions, cache + "/tag/", pending,
        this::announceTag, queued::increment, refreshNanos);
    this.bound = new Bound(cache, clock, generation, tags);
    TierContext context = new Context();
    store.bind(context);
    if (leases != null) {
      leases.bind(context);
    }
    if (bus != null) {
      bus.start(cache, new BusMessages<>(this));
    } else {
      log.info("cache '{}': {} tier without a bus: other instances' invalidations reach L1 only "
          + "when its entries expire (bound it with l1MaxLifetime)", cache, store.name());
    }
    maintenance = scheduler.scheduleWithFixedDelay(this::maintain,
        recoveryInterval.toNanos(), recoveryInterval.toNanos(), TimeUnit.NANOSECONDS);
  }

  Bound bound() {
    Bound b = bound;
    if (b == null) {
      throw new IllegalStateException("this " + store.name()
          + " tier is not bound to a cache yet: give it to CacheBuilder.l2(...) and build");
    }
    return b;
  }

  /** The cache this tier serves; null until bound. */
  public String cacheName() {
    Bound b = bound;
    return b == null ? null : b.cache();
  }

  /** Invalidations waiting for replay. */
  public int pendingInvalidations() {
    return pending.size();
  }

  /** Invalidations queued for replay so far (a key, a tag or the namespace each). */
  public long queuedInvalidations() {
    return queued.sum();
  }

  /** Queued invalidations replayed so far. */
  public long replayedInvalidations() {
    return replayed.sum();
  }

  /** Whether this tier hears other instances (false without a bus). */
  public boolean isBusUp() {
    return bus != null && bus.isUp();
  }

  // ------------------------------------------------------------------ reads and writes

  @Override
  public Entry<V> get(K key) {
    bound();
    if (pending.mayCover() && pending.covers(keys.encode(key))) {
      return null; // our own invalidation of it is still queued: the store holds the past
    }
    Entry<V> e = store.get(key);
    return e == null || tagsCurrent(e) ? e : null;
  }

  /**
   * The store's entry or a lease, in one round trip where the leases can look at the store
   * ({@link Leases#claim}). A key whose invalidation is still queued, or an entry under an older
   * tag version, counts as nothing held: the lease is requested.
   */
  @Override
  public Claim<V> claim(K key) {
    bound();
    if (leases == null) {
      throw new IllegalStateException("tier '" + name() + "' has no leases");
    }
    if (pending.mayCover() && pending.covers(keys.encode(key))) {
      return Claim.lease(leases.acquire(key)); // the store holds the past
    }
    Claim<V> claim = leases.claim(key, store);
    Entry<V> found = claim.found();
    return found == null || tagsCurrent(found) ? claim : Claim.lease(leases.acquire(key));
  }

  /** An entry built under an older version of one of its tags is a miss. */
  private boolean tagsCurrent(Entry<V> e) {
    return e.tagVersions().isEmpty() || bound().tags().isCurrent(e.tagVersions());
  }

  @Override
  public Map<K, Entry<V>> getAll(Collection<? extends K> requested) {
    bound();
    Map<K, Entry<V>> found = store.getAll(requested);
    Map<K, Entry<V>> kept = null; // a copy only when something is dropped (stores may answer
    for (Map.Entry<K, Entry<V>> e : found.entrySet()) { // with an unmodifiable map)
      boolean drop = !tagsCurrent(e.getValue())
          || (pending.mayCover() && pending.covers(keys.encode(e.getKey())));
      if (drop && kept == null) {
        kept = new HashMap<>(found);
      }
      if (drop) {
        kept.remove(e.getKey());
      }
    }
    return kept == null ? found : kept;
  }

  @Override
  public void put(K key, Entry<V> entry) {
    bound();
    store.put(key, entry);
  }

  @Override
  public void replace(K key, Entry<V> entry) {
    bound();
    String encoded = keys.encode(key);
    try {
      store.replace(key, entry);
    } catch (TierRejectedException e) {
      invalidate(key);
      throw e;
    } catch (TierException e) {
      queueKey(encoded);
      throw new TierException("replace of '" + encoded + "' failed; its invalidation is queued "
          + "for replay: " + e.getMessage(), e);
    }
    try {
      announceKeys(List.of(encoded));
    } catch (TierException e) {
      queueKey(encoded);
      throw new TierException("replace of '" + encoded + "' not announced; queued for replay: "
          + e.getMessage(), e);
    }
  }

  @Override
  public void invalidate(K key) {
    invalidateAll(List.of(key));
  }

  @Override
  public void invalidateAll(Collection<? extends K> dropped) {
    bound();
    if (dropped.isEmpty()) {
      return;
    }
    List<String> encoded = new ArrayList<>(dropped.size());
    dropped.forEach(k -> encoded.add(keys.encode(k)));
    try {
      store.delete(dropped);
      announceKeys(encoded);
    } catch (TierException e) {
      encoded.forEach(this::queueKey);
      throw new TierException(encoded.size() + " invalidation(s) queued for replay: "
          + e.getMessage(), e);
    }
  }

  @Override
  public void invalidateAll() {
    Bound b = bound();
    try {
      long g = b.generation().bump();
      if (bus != null) {
        bus.publishNamespace(g);
      }
    } catch (TierException e) {
      pending.add(PendingInvalidations.Kind.NAMESPACE, "");
      queued.increment();
      throw new TierException("namespace bump queued for replay: " + e.getMessage(), e);
    }
  }

  @Override
  public Leases<K, V> leases() {
    return leases;
  }

  @Override
  public TagVersions tagVersions() {
    return bound().tags();
  }

  /** The cache's listener, or null before the cache subscribed. */
  RemoteInvalidationListener<K> remote() {
    return listener;
  }

  KeyCodec<K> keys() {
    return keys;
  }

  @Override
  public void subscribe(RemoteInvalidationListener<K> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  private void queueKey(String encoded) {
    pending.add(PendingInvalidations.Kind.KEY, encoded);
    queued.increment();
  }

  private void announceKeys(List<String> encoded) {
    if (bus != null) {
      bus.publishKeys(encoded);
    }
  }

  private void announceTag(String tag, long version) {
    if (bus != null) {
      bus.publishTag(tag, version);
    }
  }

  private void generationChanged() {
    RemoteInvalidationListener<K> l = listener;
    if (l != null) {
      l.onAll();
    }
  }

  // ------------------------------------------------------------------ maintenance

  /** Replays queued invalidations, in order, and applies each to this instance's L1 as well. */
  private void maintain() {
    if (closed.get() || pending.isEmpty()) {
      return;
    }
    try {
      int n = pending.replay(this::apply);
      if (n > 0) {
        replayed.add(n);
        log.info("cache '{}': replayed {} queued invalidation(s)", bound().cache(), n);
      }
    } catch (RuntimeException e) {
      log.debug("cache '{}': replay postponed: {}", bound().cache(), e.toString());
    }
  }

  private void apply(PendingInvalidations.Item item) {
    RemoteInvalidationListener<K> l = listener;
    switch (item.kind()) {
      case KEY -> {
        K key = keys.decode(item.target());
        store.delete(List.of(key));
        announceKeys(List.of(item.target()));
        if (l != null) {
          l.onKeys(List.of(key));
        }
      }
      case TAG -> {
        bound().tags().bumpInStore(item.target());
        if (l != null) {
          l.onTag(item.target());
        }
      }
      case NAMESPACE -> {
        long g = bound().generation().bump();
        if (bus != null) {
          bus.publishNamespace(g);
        }
        if (l != null) {
          l.onAll();
        }
      }
      default -> throw new IllegalStateException(item.toString());
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ScheduledFuture<?> task = maintenance;
    if (task != null) {
      task.cancel(false);
    }
    try {
      if (bus != null) {
        bus.close();
      }
    } finally {
      try {
        store.close();
      } finally {
        versions.close();
      }
    }
  }

  @Override
  public String toString() {
    Bound b = bound;
    return "ComposedTier{" + store.name() + (b == null ? ", unbound" : ", cache=" + b.cache())
        + ", leases=" + (leases != null) + ", bus=" + (bus == null ? "none"
        : bus.isUp() ? "up" : "down") + '}';
  }

  // ------------------------------------------------------------------ parts

  /** What the store and the leases see of the cache. */
  private final class Context implements TierContext {
    @Override
    public String cache() {
      return bound.cache();
    }

    @Override
    public CacheClock clock() {
      return bound.clock();
    }

    @Override
    public long generation() {
      return bound.generation().current();
    }

    @Override
    public long knownGeneration() {
      return bound.generation().known();
    }
  }
}
