package io.caskade;

import io.caskade.entry.Entry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Cache} every builder makes: a thin facade that checks arguments and the closed state,
 * hands each call to its step of the engine, and owns the lifecycle. The steps share one
 * {@link CacheContext}:
 *
 * <ul>
 *   <li>{@link ReadPath}: L1 → L2 → bloom → single-flight → {@link Loads} (lease, source) →
 *       {@link Fill} ({@link LocalFill} or {@link LeasedFill}); {@link BulkReads} for
 *       {@code getAll}; {@link AsyncReads}; {@link Refresher} for background refreshes;
 *   <li>{@link WritePath}: {@link InvalidateOnWrite}, {@link WriteThrough} or
 *       {@link WriteBehindWrites}; {@link Invalidations} both ways.
 * </ul>
 */
final class TieredCache<K, V> implements Cache<K, V> {

  private final CacheSpec<K, V> spec;
  private final CacheContext<K, V> ctx;
  private final CacheLoader<? super K, ? extends V> defaultLoader;
  private final ReadPath<K, V> reads;
  private final BulkReads<K, V> bulkReads;
  private final AsyncReads<K, V> asyncReads;
  private final Refresher<K, V> refresher;
  private final Invalidations<K, V> invalidations;
  private final WrittenEntries<K, V> written;
  private final WritePath<K, V> writes;
  /** Stores the hot keys periodically and on close; null without hot-key snapshots. */
  private HotKeyRecorder<K> snapshotter;
  private final CachedKeys<K> cachedKeys;
  /** Set once by {@link #close()}: only the first call closes. */
  private final AtomicBoolean closing = new AtomicBoolean();
  /**
   * Set when the cache stops serving: after the parts that still use it while closing (the hot-key
   * snapshot, the write-behind flush and its dead letters) are done.
   */
  private volatile boolean closed;

  TieredCache(CacheSpec<K, V> spec) {
    this.spec = spec;
    this.ctx = new CacheContext<>(spec);
    this.defaultLoader = spec.loader();
    Fill<K, V> fill = Fill.of(ctx);
    Loads<K, V> loads = new Loads<>(ctx, fill);
    this.refresher = new Refresher<>(ctx, loads, new RefreshRunner(ctx.name,
        spec.refreshConcurrency(), spec.refreshQueueCapacity(), ctx.events));
    this.reads = new ReadPath<>(ctx, loads, refresher);
    this.bulkReads = new BulkReads<>(ctx, reads, loads, fill);
    this.asyncReads = new AsyncReads<>(ctx, reads);
    this.invalidations = new Invalidations<>(ctx);
    this.written = new WrittenEntries<>(ctx, invalidations);
    this.writes = WritePath.of(spec, ctx, invalidations, written);
    this.cachedKeys = new CachedKeys<>() {
      @Override
      public List<K> hottest(int n) {
        checkOpen();
        if (n < 0) {
          throw new IllegalArgumentException("n must not be negative: " + n);
        }
        return ctx.l1.hottest(n);
      }

      @Override
      public List<K> sample(int n, Random random) {
        checkOpen();
        Objects.requireNonNull(random, "random");
        if (n < 0) {
          throw new IllegalArgumentException("n must not be negative: " + n);
        }
        return ctx.l1.sample(n, random);
      }
    };
  }

  /**
   * Starts what runs in the background, once the cache is fully constructed (nothing sees
   * {@code this} before): the write-behind flusher, the bus subscription, hot-key snapshots.
   */
  TieredCache<K, V> start() {
    if (ctx.writeBehind != null) {
      // A change the source refused for good must not stay in the cache as if it were there.
      ctx.writeBehind.start(spec.writer(), invalidations::key);
    }
    ctx.l2.tier().subscribe(invalidations.remote());
    if (spec.hotKeySnapshots() != null) {
      snapshotter = new HotKeyRecorder<>(ctx.name, ctx.l1, spec.hotKeySnapshots(), spec.hotKeySnapshotSize(), spec.hotKeySnapshotInterval());
    }
    return this;
  }

  @Override
  public String name() {
    return ctx.name;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    return get(key, requireLoader());
  }

  @Override
  public V get(K key, CacheLoader<? super K, ? extends V> loader) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    return reads.get(key, loader);
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
    return e == null ? Optional.empty() : Optional.of(CacheEntry.of(e, ctx.clock.nanos()));
  }

  @Override
  public CacheEntry<V> getEntry(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    CacheLoader<? super K, ? extends V> loader = requireLoader();
    try (var budget = SharedTier.budget()) { // one limit on the call's L2 waits, all round trips
      return CacheEntry.of(reads.entryFor(key, loader), ctx.clock.nanos());
    }
  }

  private Entry<V> peek(K key) {
    checkOpen();
    return reads.peek(Objects.requireNonNull(key, "key"));
  }

  @Override
  public Map<K, V> getAll(Collection<? extends K> keys) {
    checkOpen();
    Objects.requireNonNull(keys, "keys");
    CacheLoader<? super K, ? extends V> loader = requireLoader();
    try (var budget = SharedTier.budget()) { // one limit on the call's L2 waits, all round trips
      return bulkReads.getAll(keys, loader);
    }
  }

  @Override
  public CompletableFuture<V> getAsync(K key) {
    return getAsync(key, requireLoader());
  }

  @Override
  public CompletableFuture<V> getAsync(K key, CacheLoader<? super K, ? extends V> loader) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    return asyncReads.get(key, loader);
  }

  @Override
  public CompletableFuture<Map<K, V>> getAllAsync(Collection<? extends K> keys) {
    checkOpen();
    Objects.requireNonNull(keys, "keys");
    List<K> copy = List.copyOf(keys);
    return asyncReads.supply(() -> getAll(copy));
  }

  // ---------------------------------------------------------------- writes and invalidation

  @Override
  public void put(K key, V value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    written.put(key, value);
  }

  @Override
  public void write(K key, V value) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    writes.change(key, value);
  }

  @Override
  public void delete(K key) {
    checkOpen();
    writes.change(Objects.requireNonNull(key, "key"), null);
  }

  @Override
  public void invalidate(K key) {
    checkOpen();
    invalidations.key(Objects.requireNonNull(key, "key"));
  }

  @Override
  public void invalidateAll(Collection<? extends K> keys) {
    checkOpen();
    Objects.requireNonNull(keys, "keys");
    List<K> copy = new ArrayList<>(keys.size());
    for (K key : keys) {
      copy.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    invalidations.keys(copy);
  }

  @Override
  public void invalidateAll() {
    checkOpen();
    invalidations.all();
  }

  @Override
  public void invalidateTag(String tag) {
    checkOpen();
    invalidations.tag(Objects.requireNonNull(tag, "tag"));
  }

  // ---------------------------------------------------------------- introspection and lifecycle

  @Override
  public CachedKeys<K> keys() {
    checkOpen();
    return cachedKeys;
  }

  @Override
  public CacheStats stats() {
    return ctx.events.snapshot();
  }

  private CacheLoader<? super K, ? extends V> requireLoader() {
    if (defaultLoader == null) {
      throw new IllegalStateException("cache '" + ctx.name + "' has no loader: build it with "
          + ".loader(...) or call get(key, loader)");
    }
    return defaultLoader;
  }

  /** Every method but {@link #name()}, {@link #stats()} and {@link #close()} refuses a closed cache. */
  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cache '" + ctx.name + "' is closed");
    }
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    if (snapshotter != null) {
      snapshotter.close(); // first: L1 still holds the hot keys
    }
    if (ctx.writeBehind != null) {
      ctx.writeBehind.close(); // flushes within its deadline
    }
    closed = true;
    ctx.l1.close();
    refresher.close();
    asyncReads.close();
    if (ctx.ownsSource) {
      ctx.source.close();
    }
    ctx.l2.tier().close();
  }

  @Override
  public String toString() {
    return "Cache{" + ctx.name + (ctx.l1.isEnabled() ? ", l1" : "")
        + (ctx.l2.isPresent() ? ", l2=" + ctx.l2.tier().name() : "") + ", " + ctx.source + '}';
  }
}
