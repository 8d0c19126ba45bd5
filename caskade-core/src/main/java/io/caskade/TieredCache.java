package io.caskade;

import com.google.common.util.concurrent.Striped;
import io.caskade.bloom.BloomGuard;
import io.caskade.entry.Entry;
import io.caskade.flight.SingleFlight;
import io.caskade.invalidation.TagVersions;
import io.caskade.metrics.CacheEventType;
import io.caskade.refresh.EarlyRefresh;
import io.caskade.source.Source;
import io.caskade.source.SourceRejectedException;
import io.caskade.tier.Lease;
import io.caskade.tier.RemoteInvalidationListener;
import io.caskade.tier.Tier;
import io.caskade.time.CacheClock;
import io.caskade.warmup.HotKeySnapshotter;
import io.caskade.warmup.WarmUpResult;
import io.caskade.write.CacheWriteException;
import io.caskade.write.CacheWriter;
import io.caskade.write.WriteBehindQueue;
import io.caskade.write.WriteMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind every {@link Cache}: L1 (Caffeine) over an optional shared tier, with
 * single-flight loads, early refresh, stale windows, negative caching, the bloom guard and source
 * protection. See DESIGN.md, "get(key): the read path".
 */
final class TieredCache<K, V> implements Cache<K, V> {

  private static final Logger log = LoggerFactory.getLogger(TieredCache.class);

  private final String name;
  private final CacheLoader<? super K, ? extends V> defaultLoader;
  private final CacheClock clock;
  private final L1Store<K, V> l1;
  private final Tier<K, V> l2;
  private final SharedTier<K, V> shared;
  private final boolean leases;
  private final long leaseWaitNanos;
  private final Duration l1LifetimeWhileBusDown;
  private final Source source;
  private final boolean ownsSource;
  private final Duration loadTimeout;
  private final long waiterBoundNanos;
  private final BloomGuard<K> bloom;
  private final Class<V> valueType;
  private final TagVersions tagVersions;
  private final EntryFactory<K, V> entries;
  private final EarlyRefresh earlyRefresh;
  private final EventRecorder events;
  private final RefreshRunner refreshes;
  private final ThreadPoolExecutor asyncPool;
  private final SingleFlight<K, Entry<V>> flights = new SingleFlight<>();
  /** Bumped by every cache-wide or tag invalidation: a load that started before it does not fill. */
  private final AtomicLong fillEpoch = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Stores the hot keys periodically and on close; null without hot-key snapshots. */
  private final HotKeySnapshotter<K, V> snapshotter;
  private final CacheWriter<K, V> writer;
  private final WriteMode writeMode;
  private final WriteBehindQueue<K, V> writeBehind;
  private final Striped<Lock> writeLocks =
      Striped.lock(64);

  TieredCache(CacheBuilder<K, V> b) {
    this.name = b.name;
    this.defaultLoader = b.loader;
    this.clock = b.clock;
    this.l2 = b.l2;
    Duration l1Cap = b.l1MaxLifetime != null ? b.l1MaxLifetime
        : (b.l2 != null ? Duration.ofMinutes(1) : null);
    this.l1 = b.l1Enabled ? new L1Store<>(b.maximumSize, l1Cap, clock) : null;
    this.events = new EventRecorder(name, b.listeners);
    this.shared = l2 == null ? null : new SharedTier<>(name, l2, events);
    this.leases = shared != null && shared.hasLeases();
    this.leaseWaitNanos = b.leaseWait.toNanos();
    this.l1LifetimeWhileBusDown = b.l1LifetimeWhileBusDown;
    this.ownsSource = b.source == null;
    this.source = b.source != null ? b.source
        : Source.unprotected(b.name, b.loadTimeout != null ? b.loadTimeout : Duration.ofSeconds(10));
    this.loadTimeout = b.loadTimeout != null ? b.loadTimeout : source.loadTimeout();
    this.waiterBoundNanos = loadTimeout.toNanos() + 2 * leaseWaitNanos + TimeUnit.SECONDS.toNanos(1);
    this.bloom = b.bloomGuard;
    this.valueType = b.valueType;
    TagVersions sharedTags = l2 == null ? null : l2.tagVersions();
    this.tagVersions = sharedTags != null ? sharedTags : TagVersions.inProcess();
    Random seeded = b.seeded ? new Random(b.randomSeed) : null;
    this.entries = new EntryFactory<>(b, tagVersions, seeded);
    this.earlyRefresh = EarlyRefresh.of(b.earlyRefreshBeta, b.refreshAhead,
        b.seeded ? new Random(b.randomSeed ^ 0x5DEECE66DL) : null);
    this.refreshes = new RefreshRunner(name, b.refreshConcurrency, b.refreshQueueCapacity, events);
    AtomicInteger n = new AtomicInteger();
    this.asyncPool = new ThreadPoolExecutor(0, 256, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "caskade-async-" + name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.writer = b.writer;
    this.writeMode = b.writeMode;
    this.writeBehind = b.writeBehindQueue;
    if (writeBehind != null) {
      // A change the source refused for good must not stay in the cache as if it were there.
      writeBehind.start(writer, this::invalidate);
    }
    if (l2 != null) {
      l2.subscribe(new RemoteInvalidations());
    }
    this.snapshotter = b.hotKeySnapshots == null ? null : new HotKeySnapshotter<>(this,
        b.hotKeySnapshots, b.hotKeySnapshotSize, b.hotKeySnapshotInterval);
    if (snapshotter != null) {
      snapshotter.start();
    }
  }

  @Override
  public String name() {
    return name;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    return get(key, requireLoader());
  }

  @Override
  public V get(K key, CacheLoader<? super K, ? extends V> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    if (l1 != null && earlyRefresh.isOff()) {
      // The hit path: one Caffeine lookup, one clock read, no allocation.
      long now = clock.nanos();
      Entry<V> e = l1.get(key, now);
      if (e != null && e.isFresh(now) && e.tagVersions().isEmpty()) {
        V value = e.value();
        events.record(CacheEventType.L1_HIT, key);
        if (value == null) {
          events.record(CacheEventType.NEGATIVE_HIT, key);
        }
        return value;
      }
    }
    return entryFor(key, loader).value();
  }

  @Override
  public V getIfPresent(K key) {
    Entry<V> e = peek(key);
    return e == null ? null : e.value();
  }

  @Override
  public Lookup<V> lookup(K key) {
    Entry<V> e = peek(key);
    if (e == null) {
      return Lookup.absent();
    }
    return e.isNotFound() ? Lookup.notFound() : Lookup.found(e.value());
  }

  @Override
  public Optional<CacheEntry<V>> entry(K key) {
    Entry<V> e = peek(key);
    return e == null ? Optional.empty() : Optional.of(CacheEntry.of(e, clock.nanos()));
  }

  @Override
  public CacheEntry<V> getEntry(K key) {
    Objects.requireNonNull(key, "key");
    return CacheEntry.of(entryFor(key, requireLoader()), clock.nanos());
  }

  /** A servable (fresh or inside stale-while-revalidate) entry from any tier, without loading. */
  private Entry<V> peek(K key) {
    Objects.requireNonNull(key, "key");
    long now = clock.nanos();
    if (l1 != null) {
      Entry<V> e = l1.get(key);
      if (e != null && e.isServableStale(now) && tagsCurrent(e)) {
        return e;
      }
    }
    if (l2 != null) {
      Entry<V> e = shared.get(key);
      if (e != null && e.isServableStale(now) && tagsCurrent(e)) {
        l1Put(key, e);
        return e;
      }
    }
    return null;
  }

  private Entry<V> entryFor(K key, CacheLoader<? super K, ? extends V> loader) {
    long now = clock.nanos();
    Entry<V> stale = null;
    if (l1 != null) {
      Entry<V> e = l1.get(key, now);
      if (e != null && tagsCurrent(e)) {
        if (serve(key, e, now, loader, CacheEventType.L1_HIT)) {
          return e;
        }
        stale = e;
      } else if (e == null) {
        Entry<V> suspect = l1.suspect(key, now); // kept from before the bus went down
        stale = suspect != null && tagsCurrent(suspect) ? suspect : null;
      }
    }
    if (l2 != null) {
      Entry<V> e = shared.get(key);
      if (e != null && tagsCurrent(e)) {
        if (e.isServableStale(now)) {
          l1Put(key, e);
        }
        if (serve(key, e, now, loader, CacheEventType.L2_HIT)) {
          return e;
        }
        stale = newer(stale, e);
      }
    }
    return load(key, loader, stale);
  }

  /**
   * Serves {@code e} when it is fresh or inside stale-while-revalidate, starting a background
   * refresh where the policy says so; false when it is only good for stale-if-error.
   */
  private boolean serve(K key, Entry<V> e, long now, CacheLoader<? super K, ? extends V> loader,
      CacheEventType hit) {
    if (e.isFresh(now)) {
      events.record(hit, key);
      if (e.isNotFound()) {
        events.record(CacheEventType.NEGATIVE_HIT, key);
      }
      if (!earlyRefresh.isOff() && earlyRefresh.shouldRefresh(e, now)) {
        refreshInBackground(key, loader, e);
      }
      return true;
    }
    if (e.isServableStale(now)) {
      events.record(hit, key);
      events.record(CacheEventType.STALE_SERVED_SWR, key);
      refreshInBackground(key, loader, e);
      return true;
    }
    return false;
  }

  /** Nothing servable in any tier: one load per key, stale-if-error on failure. */
  private Entry<V> load(K key, CacheLoader<? super K, ? extends V> loader, Entry<V> stale) {
    events.record(CacheEventType.MISS, key);
    if (writeBehind != null) {
      Optional<Optional<V>> pending = writeBehind.pending(key);
      if (pending.isPresent()) {
        // Our own write has not reached the source yet: the source would answer with the past.
        Entry<V> mine = entries.create(key, pending.get().orElse(null), clock.nanos(), 0);
        l1Put(key, mine);
        return mine;
      }
    }
    if (bloom != null && !bloom.mightContain(key)) {
      events.record(CacheEventType.BLOOM_BLOCKED, key);
      long now = clock.nanos();
      return Entry.of(null, now, now, now, now, 0, 0, Map.of());
    }
    SingleFlight.Call<Entry<V>> call = flights.join(key);
    if (call.isLeader()) {
      lead(key, loader, call, stale, false);
    } else {
      events.record(CacheEventType.COALESCED, key);
    }
    try {
      return await(call);
    } catch (Exception failure) {
      if (stale != null && stale.isServableOnError(clock.nanos())) {
        events.record(CacheEventType.STALE_SERVED_SIE, key);
        return stale;
      }
      throw new CacheLoadException(name, key, failure);
    }
  }

  private Entry<V> await(SingleFlight.Call<Entry<V>> call) throws Exception {
    try {
      return call.future().get(waiterBoundNanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  /** The leader's half of a single-flight call: ends it with an entry or a failure, never throws. */
  private void lead(K key, CacheLoader<? super K, ? extends V> loader,
      SingleFlight.Call<Entry<V>> call, Entry<V> stale, boolean refresh) {
    try {
      flights.finish(key, call, loadAndFill(key, loader, call, stale, refresh), null);
    } catch (Throwable t) {
      flights.finish(key, call, null, t);
      if (t instanceof Error && !(t instanceof StackOverflowError)) {
        throw (Error) t;
      }
    }
  }

  private Entry<V> loadAndFill(K key, CacheLoader<? super K, ? extends V> loader,
      SingleFlight.Call<Entry<V>> call, Entry<V> stale, boolean refresh) throws Exception {
    long epoch = fillEpoch.get();
    if (!refresh) {
      // Someone may have filled between our miss and our joining: that fill precedes its finish.
      Entry<V> filled = l1 != null ? l1.get(key) : (!leases && l2 != null ? shared.get(key) : null);
      if (filled != null && filled.isFresh(clock.nanos()) && tagsCurrent(filled)) {
        return filled;
      }
    } else if (l2 != null) {
      // Another instance may have refreshed the shared copy already: adopt it.
      Entry<V> latest = shared.get(key);
      if (latest != null && stale != null && latest.freshUntil() > stale.freshUntil()
          && latest.isFresh(clock.nanos()) && tagsCurrent(latest)) {
        l1PutUnlessVoided(key, latest, call, epoch);
        return latest;
      }
    }
    Lease lease = null;
    if (leases) {
      lease = shared.acquire(key);
      if (lease != null && !lease.isGranted()) {
        events.record(CacheEventType.LEASE_WAIT, key);
        Awaited<V> awaited = awaitFillOrLease(key);
        if (awaited.filled() != null) {
          events.record(CacheEventType.L2_HIT, key); // the lease holder's fill answered us
          l1PutUnlessVoided(key, awaited.filled(), call, epoch);
          return awaited.filled();
        }
        lease = awaited.lease();
        if (lease == null && stale != null && stale.isServableOnError(clock.nanos())) {
          if (!refresh) {
            events.record(CacheEventType.STALE_SERVED_SIE, key);
          }
          return stale; // a refresh simply keeps the current entry
        }
        // With no lease, the holder is slow or gone: load ourselves, but only L1 keeps the result.
      }
      if (lease != null && lease.isGranted()) {
        Entry<V> filled = shared.get(key);
        if (filled != null && filled.isFresh(clock.nanos()) && tagsCurrent(filled)) {
          shared.release(key, lease);
          l1PutUnlessVoided(key, filled, call, epoch);
          return filled;
        }
      }
    }
    Entry<V> entry;
    try {
      entry = invokeLoader(key, loader);
    } catch (Exception e) {
      if (lease != null && lease.isGranted()) {
        shared.release(key, lease);
      }
      throw e;
    }
    store(key, entry, lease, call, epoch);
    return entry;
  }

  /**
   * Stores a loaded entry in the tiers unless the key was invalidated between the load and now.
   * Under a lease, Redis is the judge: a fill accepted while our lease still held means no write of
   * the key came after our load began, even if another instance's invalidation (of an older write)
   * reached us meanwhile. Without a lease, any invalidation seen during the load voids the fill.
   */
  private void store(K key, Entry<V> entry, Lease lease, SingleFlight.Call<Entry<V>> call,
      long epoch) {
    boolean leased = lease != null && lease.isGranted();
    if (fillEpoch.get() != epoch) {
      events.record(CacheEventType.FILL_REJECTED, key);
      if (leased) {
        shared.release(key, lease);
      }
      return;
    }
    if (leased) {
      SharedTier.Fill fill = shared.fill(key, entry, lease);
      if (fill == SharedTier.Fill.VOIDED) {
        events.record(CacheEventType.FILL_REJECTED, key);
        return;
      }
      if (fill == SharedTier.Fill.STORED) {
        if (l1 != null) {
          l1.putUnlessVoided(key, entry, () -> fillEpoch.get() != epoch);
        }
        return;
      }
      // L2 unreachable: judge by what this instance saw, below.
    }
    if (call.isForgotten()) {
      events.record(CacheEventType.FILL_REJECTED, key);
      return;
    }
    if (l2 != null && !leases) {
      shared.put(key, entry);
    }
    l1PutUnlessVoided(key, entry, call, epoch);
  }

  private Entry<V> invokeLoader(K key, CacheLoader<? super K, ? extends V> loader)
      throws Exception {
    long start = System.nanoTime();
    V value;
    try {
      value = checkType(key, source.call(() -> loader.load(key), loadTimeout));
    } catch (Exception e) {
      events.recordLoad(CacheEventType.LOAD_FAILURE, key, System.nanoTime() - start);
      throw e;
    }
    long cost = System.nanoTime() - start;
    events.recordLoad(value == null ? CacheEventType.LOAD_NOT_FOUND : CacheEventType.LOAD_SUCCESS,
        key, cost);
    return entries.create(key, value, clock.nanos(), cost);
  }

  private V checkType(K key, V value) {
    if (valueType != null && value != null && !valueType.isInstance(value)) {
      throw new ClassCastException("cache '" + name + "': loader returned a "
          + value.getClass().getName() + " for key " + key + ", expected " + valueType.getName());
    }
    return value;
  }

  /**
   * Waits, polling with bounded backoff, while another instance holds the lease: ends with its
   * fill, or with the lease itself when the holder's lease is gone (voided by an invalidation,
   * released after a failed load, or expired), or with neither after {@code leaseWait}.
   */
  private Awaited<V> awaitFillOrLease(K key) {
    long deadline = System.nanoTime() + leaseWaitNanos;
    long pause = TimeUnit.MILLISECONDS.toNanos(1);
    while (System.nanoTime() < deadline) {
      LockSupport.parkNanos(Math.min(pause, Math.max(0, deadline - System.nanoTime())));
      Entry<V> e = shared.get(key);
      if (e != null && e.isFresh(clock.nanos()) && tagsCurrent(e)) {
        return new Awaited<>(e, null);
      }
      if (!shared.isHealthy()) {
        return new Awaited<>(null, null);
      }
      Lease lease = shared.acquire(key);
      if (lease != null && lease.isGranted()) {
        return new Awaited<>(null, lease);
      }
      pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(20));
    }
    return new Awaited<>(null, null);
  }

  /** What a lease wait ended with: another instance's fill, our own lease, or neither. */
  private record Awaited<V>(Entry<V> filled, Lease lease) {}

  // ---------------------------------------------------------------- refresh

  private void refreshInBackground(K key, CacheLoader<? super K, ? extends V> loader,
      Entry<V> current) {
    SingleFlight.Call<Entry<V>> call = flights.join(key);
    if (!call.isLeader()) {
      return;
    }
    if (l1 != null) {
      // We saw `current` before joining; a refresh that finished in between already replaced it.
      Entry<V> latest = l1.get(key);
      if (latest != null && latest != current && latest.loadedAt() >= current.loadedAt()) {
        flights.finish(key, call, latest, null);
        return;
      }
    }
    events.record(CacheEventType.REFRESH_STARTED, key);
    boolean submitted = refreshes.submit(key, () -> {
      lead(key, loader, call, current, true);
      call.future().whenComplete((e, failure) -> {
        if (failure != null) {
          events.record(CacheEventType.REFRESH_FAILURE, key);
          log.debug("cache '{}': refresh of {} failed, keeping the current entry", name, key,
              failure);
        } else {
          events.record(CacheEventType.REFRESH_SUCCESS, key);
        }
      });
    });
    if (!submitted) {
      flights.finish(key, call, null, new SourceRejectedException(source.name(),
          SourceRejectedException.Reason.EXECUTOR_FULL, null));
    }
  }

  // ---------------------------------------------------------------- bulk reads

  @Override
  public Map<K, V> getAll(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    CacheLoader<? super K, ? extends V> loader = requireLoader();
    Set<K> wanted = new LinkedHashSet<>(keys.size() * 2);
    for (K key : keys) {
      wanted.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    long now = clock.nanos();
    Map<K, Entry<V>> found = new HashMap<>(wanted.size() * 2);
    Map<K, Entry<V>> stale = new HashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : wanted) {
      Entry<V> e = l1 == null ? null : l1.get(key);
      if (e != null && tagsCurrent(e)) {
        if (serve(key, e, now, loader, CacheEventType.L1_HIT)) {
          found.put(key, e);
          continue;
        }
        stale.put(key, e);
      }
      missing.add(key);
    }
    if (l2 != null && !missing.isEmpty()) {
      Map<K, Entry<V>> fromL2 = shared.getAll(missing);
      List<K> stillMissing = new ArrayList<>();
      for (K key : missing) {
        Entry<V> e = fromL2.get(key);
        if (e != null && tagsCurrent(e)) {
          if (e.isServableStale(now)) {
            l1Put(key, e);
          }
          if (serve(key, e, now, loader, CacheEventType.L2_HIT)) {
            found.put(key, e);
            continue;
          }
          stale.merge(key, e, TieredCache::newer);
        }
        stillMissing.add(key);
      }
      missing = stillMissing;
    }
    if (!missing.isEmpty()) {
      found.putAll(loadMany(missing, loader, stale));
    }
    Map<K, V> result = new LinkedHashMap<>(wanted.size() * 2);
    for (K key : wanted) {
      Entry<V> e = found.get(key);
      if (e != null && !e.isNotFound()) {
        result.put(key, e.value());
      }
    }
    return result;
  }

  /** Loads the misses of a bulk read with one {@link CacheLoader#loadAll} for the keys we lead. */
  private Map<K, Entry<V>> loadMany(List<K> keys, CacheLoader<? super K, ? extends V> loader,
      Map<K, Entry<V>> stale) {
    Map<K, SingleFlight.Call<Entry<V>>> led = new LinkedHashMap<>();
    Map<K, SingleFlight.Call<Entry<V>>> joined = new LinkedHashMap<>();
    Map<K, Entry<V>> result = new HashMap<>(keys.size() * 2);
    for (K key : keys) {
      events.record(CacheEventType.MISS, key);
      if (bloom != null && !bloom.mightContain(key)) {
        events.record(CacheEventType.BLOOM_BLOCKED, key);
        continue;
      }
      SingleFlight.Call<Entry<V>> call = flights.join(key);
      if (call.isLeader()) {
        led.put(key, call);
      } else {
        events.record(CacheEventType.COALESCED, key);
        joined.put(key, call);
      }
    }
    if (!led.isEmpty()) {
      leadMany(led, loader);
    }
    Map<K, SingleFlight.Call<Entry<V>>> all = new LinkedHashMap<>(led);
    all.putAll(joined);
    for (Map.Entry<K, SingleFlight.Call<Entry<V>>> c : all.entrySet()) {
      K key = c.getKey();
      try {
        result.put(key, await(c.getValue()));
      } catch (Exception failure) {
        Entry<V> old = stale.get(key);
        if (old != null && old.isServableOnError(clock.nanos())) {
          events.record(CacheEventType.STALE_SERVED_SIE, key);
          result.put(key, old);
        } else {
          throw new CacheLoadException(name, key, failure);
        }
      }
    }
    return result;
  }

  private void leadMany(Map<K, SingleFlight.Call<Entry<V>>> led,
      CacheLoader<? super K, ? extends V> loader) {
    long epoch = fillEpoch.get();
    Map<K, Lease> granted = new HashMap<>();
    Map<K, SingleFlight.Call<Entry<V>>> heldElsewhere = new LinkedHashMap<>();
    if (leases) {
      for (K key : List.copyOf(led.keySet())) {
        Lease lease = shared.acquire(key);
        if (lease != null && lease.isGranted()) {
          granted.put(key, lease);
        } else if (lease != null) {
          heldElsewhere.put(key, led.remove(key));
        }
      }
    }
    if (!led.isEmpty()) {
      bulkLoad(led, granted, loader, epoch);
    }
    // Keys another instance is loading: wait for its fills (or take over) on the single-key path.
    heldElsewhere.forEach((key, call) -> lead(key, loader, call, null, false));
  }

  private void bulkLoad(Map<K, SingleFlight.Call<Entry<V>>> led, Map<K, Lease> granted,
      CacheLoader<? super K, ? extends V> loader, long epoch) {
    Set<K> toLoad = led.keySet();
    long start = System.nanoTime();
    Map<? extends K, ? extends V> loaded;
    try {
      @SuppressWarnings("unchecked")
      CacheLoader<K, V> typed = (CacheLoader<K, V>) loader;
      loaded = source.call(() -> typed.loadAll(Set.copyOf(toLoad)), loadTimeout);
      if (loaded == null) {
        throw new IllegalStateException("loadAll returned null");
      }
    } catch (Throwable t) {
      long cost = System.nanoTime() - start;
      for (Map.Entry<K, SingleFlight.Call<Entry<V>>> c : led.entrySet()) {
        events.recordLoad(CacheEventType.LOAD_FAILURE, c.getKey(), cost / led.size());
        Lease lease = granted.get(c.getKey());
        if (lease != null) {
          shared.release(c.getKey(), lease);
        }
        flights.finish(c.getKey(), c.getValue(), null, t);
      }
      return;
    }
    long cost = System.nanoTime() - start;
    long now = clock.nanos();
    for (Map.Entry<K, SingleFlight.Call<Entry<V>>> c : led.entrySet()) {
      K key = c.getKey();
      SingleFlight.Call<Entry<V>> call = c.getValue();
      try {
        V value = checkType(key, loaded.get(key));
        events.recordLoad(value == null ? CacheEventType.LOAD_NOT_FOUND
            : CacheEventType.LOAD_SUCCESS, key, cost / led.size());
        Entry<V> entry = entries.create(key, value, now, cost);
        store(key, entry, granted.get(key), call, epoch);
        flights.finish(key, call, entry, null);
      } catch (Throwable t) {
        flights.finish(key, call, null, t);
      }
    }
  }

  // ---------------------------------------------------------------- async

  @Override
  public CompletableFuture<V> getAsync(K key) {
    return getAsync(key, requireLoader());
  }

  @Override
  public CompletableFuture<V> getAsync(K key, CacheLoader<? super K, ? extends V> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    if (l1 != null) {
      Entry<V> e = l1.get(key);
      long now = clock.nanos();
      if (e != null && e.isFresh(now) && tagsCurrent(e)
          && serve(key, e, now, loader, CacheEventType.L1_HIT)) {
        return CompletableFuture.completedFuture(e.value());
      }
    }
    return supplyAsync(() -> get(key, loader));
  }

  @Override
  public CompletableFuture<Map<K, V>> getAllAsync(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    List<K> copy = List.copyOf(keys);
    return supplyAsync(() -> getAll(copy));
  }

  private <T> CompletableFuture<T> supplyAsync(Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, asyncPool);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new SourceRejectedException(source.name(),
          SourceRejectedException.Reason.EXECUTOR_FULL, e));
    }
  }

  // ---------------------------------------------------------------- writes and invalidation

  @Override
  public void put(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    flights.forget(key);
    Entry<V> entry = entries.create(key, value, clock.nanos(), 0);
    if (bloom != null) {
      bloom.put(key);
    }
    if (l2 != null) {
      shared.put(key, entry);
    }
    l1Put(key, entry);
  }

  @Override
  public void write(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    change(key, value);
  }

  @Override
  public void delete(K key) {
    Objects.requireNonNull(key, "key");
    change(key, null);
  }

  /** A write (value) or delete (null) by the configured mode. */
  private void change(K key, V value) {
    if (writer == null) {
      throw new IllegalStateException("cache '" + name + "' has no writer: build it with "
          + ".writer(...) to use write and delete");
    }
    // One change of a key at a time in this instance, so the source (or the write-behind queue)
    // and the cache see concurrent writes of a key in the same order.
    Lock lock = writeLocks.get(key);
    lock.lock();
    try {
      if (writeMode == WriteMode.BEHIND) {
        writeBehind.enqueue(key, value); // throws when refused: the cache stays as it was
        cacheWritten(key, value);
        return;
      }
      try {
        if (value == null) {
          writer.delete(key);
        } else {
          writer.write(key, value);
        }
      } catch (Exception e) {
        invalidate(key); // whatever the source now holds, the cache holds nothing older
        throw new CacheWriteException(name, key, e);
      }
      if (writeMode == WriteMode.THROUGH && value != null) {
        cacheWritten(key, value);
      } else {
        invalidate(key);
        if (value != null && bloom != null) {
          bloom.put(key);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stores a written value (null: a deletion, cached as not found) in every tier. */
  private void cacheWritten(K key, V value) {
    Entry<V> entry = entries.create(key, value, clock.nanos(), 0);
    flights.forget(key);
    if (l2 != null) {
      // Replace the shared copy: invalidate (voids leases, tells other L1s), then store.
      shared.invalidate(key);
      shared.put(key, entry);
    }
    l1Put(key, entry);
    if (value != null && bloom != null) {
      bloom.put(key);
    }
  }

  @Override
  public void invalidate(K key) {
    Objects.requireNonNull(key, "key");
    flights.forget(key);
    if (l2 != null) {
      shared.invalidate(key);
    }
    if (l1 != null) {
      l1.invalidate(key);
    }
    events.record(CacheEventType.INVALIDATION, key);
  }

  @Override
  public void invalidateAll(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    List<K> copy = new ArrayList<>(keys.size());
    for (K key : keys) {
      copy.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    copy.forEach(flights::forget);
    if (l2 != null) {
      shared.invalidateAll(copy);
    }
    if (l1 != null) {
      copy.forEach(l1::invalidate);
    }
    events.record(CacheEventType.INVALIDATION, null);
  }

  @Override
  public void invalidateAll() {
    fillEpoch.incrementAndGet();
    flights.forgetAll();
    if (l2 != null) {
      shared.invalidateAll();
    }
    if (l1 != null) {
      l1.invalidateAll();
    }
    events.record(CacheEventType.INVALIDATION, null);
  }

  @Override
  public void invalidateTag(String tag) {
    Objects.requireNonNull(tag, "tag");
    fillEpoch.incrementAndGet();
    flights.forgetAll();
    tagVersions.bump(tag);
    events.record(CacheEventType.INVALIDATION, tag);
  }

  /** Applies what other instances invalidated to this instance's L1, without echoing it. */
  private final class RemoteInvalidations implements RemoteInvalidationListener<K> {
    @Override
    public void onKeys(Collection<? extends K> keys) {
      for (K key : keys) {
        flights.forget(key);
        if (l1 != null) {
          l1.invalidate(key);
        }
      }
      events.record(CacheEventType.INVALIDATION, null);
    }

    @Override
    public void onTag(String tag) {
      fillEpoch.incrementAndGet();
      flights.forgetAll();
      events.record(CacheEventType.INVALIDATION, tag);
    }

    @Override
    public void onAll() {
      fillEpoch.incrementAndGet();
      flights.forgetAll();
      if (l1 != null) {
        l1.trust(); // and clears L1
      }
      events.record(CacheEventType.INVALIDATION, null);
    }

    @Override
    public void onBusDown() {
      fillEpoch.incrementAndGet();
      flights.forgetAll();
      if (l1 != null) {
        l1.distrust(l1LifetimeWhileBusDown);
      }
      events.record(CacheEventType.INVALIDATION, null);
    }
  }

  // ---------------------------------------------------------------- tiers

  private boolean tagsCurrent(Entry<V> e) {
    return e.tagVersions().isEmpty() || tagVersions.isCurrent(e.tagVersions());
  }

  private static <V> Entry<V> newer(Entry<V> a, Entry<V> b) {
    if (a == null) {
      return b;
    }
    return b.errorUntil() > a.errorUntil() ? b : a;
  }

  private void l1Put(K key, Entry<V> e) {
    if (l1 != null) {
      l1.put(key, e);
    }
  }

  private void l1PutUnlessVoided(K key, Entry<V> e, SingleFlight.Call<Entry<V>> call, long epoch) {
    if (l1 != null) {
      l1.putUnlessVoided(key, e, () -> call.isForgotten() || fillEpoch.get() != epoch);
    }
  }

  private CacheLoader<? super K, ? extends V> requireLoader() {
    if (defaultLoader == null) {
      throw new IllegalStateException("cache '" + name + "' has no loader: build it with "
          + ".loader(...) or call get(key, loader)");
    }
    return defaultLoader;
  }

  @Override
  public CacheStats stats() {
    return events.snapshot();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (snapshotter != null) {
      snapshotter.close(); // first: L1 still holds the hot keys
    }
    if (writeBehind != null) {
      writeBehind.close(); // flushes within its deadline
    }
    if (l1 != null) {
      l1.close();
    }
    refreshes.close();
    asyncPool.shutdownNow();
    if (ownsSource) {
      source.close();
    }
    if (l2 != null) {
      l2.close();
    }
  }

  @Override
  public String toString() {
    return "Cache{" + name + (l1 == null ? "" : ", l1") + (l2 == null ? "" : ", l2=" + l2.name())
        + ", " + source + '}';
  }

  @Override
  public List<K> hotKeys(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    return l1 == null ? List.of() : l1.hottest(n);
  }

  @Override
  public List<K> sampleKeys(int n, Random random) {
    Objects.requireNonNull(random, "random");
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    return l1 == null ? List.of() : l1.sample(n, random);
  }

  @Override
  public WarmUpResult warmFromSnapshot() {
    if (snapshotter == null) {
      return Cache.super.warmFromSnapshot();
    }
    return snapshotter.warm();
  }
}
