package io.caskade.memcached;

import com.spotify.folsom.MemcacheStatus;
import io.caskade.codec.Codec;
import io.caskade.codec.KeyCodec;
import io.caskade.entry.Entry;
import io.caskade.memcached.internal.Expiry;
import io.caskade.memcached.internal.ItemKeys;
import io.caskade.memcached.internal.Node;
import io.caskade.memcached.internal.Placeholder;
import io.caskade.tier.TierContext;
import io.caskade.tier.TierException;
import io.caskade.tier.TierRejectedException;
import io.caskade.tier.TierStore;
import io.caskade.tier.ValueTooLargeException;
import io.caskade.wire.CorruptEnvelopeException;
import io.caskade.wire.EnvelopeFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries of one cache in a memcached fleet ({@link TierStore}), in the same envelope as the Redis
 * tier ({@link EnvelopeFormat}), each key on the server ketama chooses.
 *
 * <pre>{@code
 * MemcachedStore<Long, User> store = MemcachedStore.builder(fleet, KeyCodec.longs(),
 *     JacksonCodec.of(User.class)).build();
 * Tier<Long, User> tier = Tiers.compose(store)
 *     .leases(store.leases())
 *     .versions(fleet.versions())
 *     .bus(bus)                       // or noBus()
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>Keys: {@code caskade:e:<cache>:<generation>:<key>}; longer than memcached's 250 bytes or
 *       with whitespace/non-ASCII, {@code caskade:#<SHA-1>} (see the module README).
 *   <li>Expiry: memcached drops an item at the entry's {@link Entry#expiresAt()} (rounded up to a
 *       second); a read also checks it, so an entry is never served past it.
 *   <li>Bytes that do not decode are a counted miss, never an exception; a lease placeholder
 *       (see {@link MemcachedLeases}) reads as a miss, or as the entry it keeps for readers.
 *   <li>A value over the item size limit ({@link MemcachedConfig#maxItemBytes()} less 1 KiB for
 *       the key and item header) is a {@link ValueTooLargeException}, never a silent drop.
 *   <li>A server that fails, times out or whose breaker is open: a {@link TierException} (the
 *       cache reads it as a miss and loads under its source protection); batch reads return what
 *       the other servers found. All round trips of one cache read share one operation timeout.
 * </ul>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class MemcachedStore<K, V> implements TierStore<K, V> {

  private static final Logger log = LoggerFactory.getLogger(MemcachedStore.class);

  /** Room left in an item for its key and memcached's item header. */
  static final int ITEM_OVERHEAD = 1024;

  private final MemcachedFleet fleet;
  private final KeyCodec<K> keys;
  private final EnvelopeFormat<V> format;
  private final int maxValueBytes;
  private final Duration leaseTtl;
  private final AtomicBoolean corruptLogged = new AtomicBoolean();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder corrupt = new LongAdder();
  private final LongAdder oversized = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder budgetSpent = new LongAdder();
  private volatile TierContext context;
  private volatile MemcachedLeases<K, V> leases;

  private MemcachedStore(Builder<K, V> b) {
    this.fleet = b.fleet;
    this.keys = b.keys;
    this.format = new EnvelopeFormat<>(b.values);
    this.maxValueBytes = b.fleet.config().maxItemBytes() - ITEM_OVERHEAD;
    this.leaseTtl = b.leaseTtl;
  }

  /**
   * A builder of a store over {@code fleet}.
   *
   * @param keys how keys become strings (also in bus messages)
   * @param values how values become bytes, e.g. {@code JacksonCodec.of(User.class)}
   */
  public static <K, V> Builder<K, V> builder(MemcachedFleet fleet, KeyCodec<K> keys,
      Codec<V> values) {
    return new Builder<>(fleet, keys, values);
  }

  @Override
  public String name() {
    return "memcached";
  }

  @Override
  public KeyCodec<K> keys() {
    return keys;
  }

  @Override
  public synchronized void bind(TierContext context) {
    Objects.requireNonNull(context, "context");
    TierContext current = this.context;
    if (current != null && !current.cache().equals(context.cache())) {
      throw new IllegalStateException("this memcached store already serves cache '"
          + current.cache() + "' (asked to serve '" + context.cache() + "')");
    }
    this.context = context;
  }

  /**
   * The leases of this store: compose them with it ({@code Tiers.compose(store).leases(store
   * .leases())}). They live in the entries' own keys, so an invalidation voids them.
   */
  public synchronized MemcachedLeases<K, V> leases() {
    if (leases == null) {
      leases = new MemcachedLeases<>(this, leaseTtl);
    }
    return leases;
  }

  /** What this store counted so far. */
  public MemcachedStoreStats stats() {
    return new MemcachedStoreStats(hits.sum(), misses.sum(), corrupt.sum(), oversized.sum(),
        errors.sum(), budgetSpent.sum());
  }

  /** The memcached key that holds {@code key}'s entry under the current generation. */
  public String itemKey(K key) {
    TierContext c = context();
    return ItemKeys.entry(c.cache(), c.generation(), keys.encode(key));
  }

  /** The fleet this store writes to. */
  public MemcachedFleet fleet() {
    return fleet;
  }

  // ------------------------------------------------------------------ reads

  @Override
  public Entry<V> get(K key) {
    Objects.requireNonNull(key, "key");
    String itemKey = itemKey(key);
    byte[] bytes = call(itemKey, "get", c -> c.get(itemKey));
    return accept(itemKey, bytes);
  }

  @Override
  public Map<K, Entry<V>> getAll(Collection<? extends K> requested) {
    Map<K, Entry<V>> found = new HashMap<>();
    if (requested.isEmpty()) {
      return found;
    }
    Map<String, K> byItemKey = new LinkedHashMap<>();
    Map<Node, List<String>> byNode = new LinkedHashMap<>();
    for (K key : requested) {
      String itemKey = itemKey(key);
      if (byItemKey.putIfAbsent(itemKey, key) == null) {
        byNode.computeIfAbsent(fleet.route(itemKey), n -> new ArrayList<>()).add(itemKey);
      }
    }
    Map<Node, CompletableFuture<Map<String, byte[]>>> calls = new LinkedHashMap<>();
    byNode.forEach((node, itemKeys) -> calls.put(node,
        node.start("getAll", c -> c.getAsMap(itemKeys))));
    TierException failure = null;
    int failed = 0;
    for (Map.Entry<Node, CompletableFuture<Map<String, byte[]>>> call : calls.entrySet()) {
      Map<String, byte[]> values;
      try {
        values = Node.await(call.getValue());
      } catch (TierException e) {
        errors.increment();
        failed++;
        failure = e;
        misses.add(byNode.get(call.getKey()).size());
        continue;
      }
      for (String itemKey : byNode.get(call.getKey())) {
        Entry<V> e = accept(itemKey, values == null ? null : values.get(itemKey));
        if (e != null) {
          found.put(byItemKey.get(itemKey), e);
        }
      }
    }
    if (failed == calls.size() && failure != null) {
      throw failure; // nothing answered: the tier is down for these keys
    }
    return found;
  }

  /** Decodes and checks what memcached returned for {@code itemKey}; null on any kind of miss. */
  Entry<V> accept(String itemKey, byte[] bytes) {
    if (bytes == null) {
      misses.increment();
      return null;
    }
    if (Placeholder.is(bytes)) {
      Placeholder p = Placeholder.decode(bytes);
      if (p == null) {
        corrupt(itemKey, "malformed lease placeholder");
        return null;
      }
      if (p.embedded() == null) {
        misses.increment(); // a load is under way and nothing older is kept
        return null;
      }
      bytes = p.embedded();
    }
    Entry<V> entry;
    try {
      entry = format.decode(bytes);
    } catch (CorruptEnvelopeException e) {
      corrupt(itemKey, e.getMessage());
      return null;
    }
    if (clock().nanos() >= entry.expiresAt()) {
      misses.increment();
      return null;
    }
    hits.increment();
    return entry;
  }

  /** The entry in {@code bytes} if they decode and it has not expired; null otherwise. */
  Entry<V> live(byte[] bytes) {
    try {
      Entry<V> e = format.decode(bytes);
      return clock().nanos() < e.expiresAt() ? e : null;
    } catch (CorruptEnvelopeException e) {
      return null;
    }
  }

  private void corrupt(String itemKey, String why) {
    corrupt.increment();
    misses.increment();
    if (corruptLogged.compareAndSet(false, true)) {
      log.warn("cache '{}': undecodable value under memcached key '{}' ({}); treated as a miss. "
          + "Further occurrences are counted (MemcachedStore.stats().corrupt()) and logged at "
          + "debug.", context().cache(), itemKey, why);
    } else {
      log.debug("cache '{}': undecodable value under '{}': {}", context().cache(), itemKey, why);
    }
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void put(K key, Entry<V> entry) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(entry, "entry");
    String itemKey = itemKey(key);
    byte[] bytes = encode(key, entry);
    int exptime = exptime(entry);
    if (exptime == 0) {
      return; // already expired
    }
    MemcacheStatus status = call(itemKey, "set", c -> c.set(itemKey, bytes, exptime));
    checkStored(key, bytes, status, "set");
  }

  /**
   * A {@code set}: memcached replaces the item in one step (no moment without it) and the lease
   * placeholder it may have held is gone with it, so an outstanding fill fails.
   */
  @Override
  public void replace(K key, Entry<V> entry) {
    put(key, entry);
  }

  @Override
  public void delete(Collection<? extends K> dropped) {
    List<CompletableFuture<MemcacheStatus>> calls = new ArrayList<>(dropped.size());
    for (K key : dropped) {
      String itemKey = itemKey(key);
      calls.add(fleet.route(itemKey).start("delete", c -> c.delete(itemKey)));
    }
    TierException failure = null;
    for (CompletableFuture<MemcacheStatus> call : calls) {
      try {
        Node.await(call);
      } catch (TierException e) {
        errors.increment();
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The envelope of {@code entry}, refused when it is over the item size limit. */
  byte[] encode(K key, Entry<V> entry) {
    byte[] bytes;
    try {
      bytes = format.encode(entry);
    } catch (RuntimeException e) {
      throw new TierRejectedException("cache '" + context().cache() + "': value for key '"
          + keys.encode(key) + "' could not be encoded (" + e + "); not stored in memcached", e);
    }
    if (bytes.length > maxValueBytes) {
      throw tooLarge(key, bytes.length);
    }
    return bytes;
  }

  /** The memcached expiration of {@code entry}; 0 when it has expired already. */
  int exptime(Entry<V> entry) {
    return Expiry.of(entry.expiresAt() - clock().nanos());
  }

  /** Fails when memcached did not store {@code bytes} for a reason other than a lost race. */
  void checkStored(K key, byte[] bytes, MemcacheStatus status, String op) {
    if (status == MemcacheStatus.VALUE_TOO_LARGE) {
      throw tooLarge(key, bytes.length);
    }
    if (status == MemcacheStatus.OUT_OF_MEMORY) {
      throw new TierRejectedException("memcached is out of memory for '" + keys.encode(key)
          + "' (" + bytes.length + " bytes): " + op + " not stored");
    }
  }

  private ValueTooLargeException tooLarge(K key, int size) {
    oversized.increment();
    return new ValueTooLargeException(context().cache(), keys.encode(key), size, maxValueBytes,
        "memcached", "MemcachedConfig.Builder.maxItemBytes (less " + ITEM_OVERHEAD + " bytes)");
  }

  // ------------------------------------------------------------------ plumbing

  <T> T call(String itemKey, String op,
      java.util.function.Function<com.spotify.folsom.AsciiMemcacheClient<byte[]>,
          java.util.concurrent.CompletionStage<T>> f) {
    try {
      return fleet.route(itemKey).call(op, f);
    } catch (TierException e) {
      errors.increment();
      if (e instanceof Node.BudgetSpentException) {
        budgetSpent.increment();
      }
      throw e;
    }
  }

  TierContext context() {
    TierContext c = context;
    if (c == null) {
      throw new IllegalStateException("this memcached store is not bound to a cache yet: "
          + "compose it with Tiers.compose and give the tier to CacheBuilder.l2(...)");
    }
    return c;
  }

  private io.caskade.time.CacheClock clock() {
    return context().clock();
  }

  /** Leaves the fleet open (it may serve other caches): close the fleet after the caches. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    TierContext c = context;
    return "MemcachedStore{" + (c == null ? "unbound" : c.cache()) + ", " + fleet + '}';
  }

  /** Builds a {@link MemcachedStore}. */
  public static final class Builder<K, V> {
    private final MemcachedFleet fleet;
    private final KeyCodec<K> keys;
    private final Codec<V> values;
    private Duration leaseTtl = Duration.ofSeconds(5);

    private Builder(MemcachedFleet fleet, KeyCodec<K> keys, Codec<V> values) {
      this.fleet = Objects.requireNonNull(fleet, "fleet");
      this.keys = Objects.requireNonNull(keys, "keys");
      this.values = Objects.requireNonNull(values, "values");
    }

    /**
     * How long a lease holds before another instance may take it over (default 5 s, as Redis; memcached
     * expires the placeholder of an empty key after it, rounded up to a second).
     */
    public Builder<K, V> leaseTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "leaseTtl");
      if (ttl.toMillis() < 100) {
        throw new IllegalArgumentException("leaseTtl must be at least 100 ms: " + ttl);
      }
      this.leaseTtl = ttl;
      return this;
    }

    /** The store (bound to its cache when the composed tier is). */
    public MemcachedStore<K, V> build() {
      return new MemcachedStore<>(this);
    }
  }
}
