package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.flight.SingleFlight;
import io.caskade.metrics.CacheEventType;
import io.caskade.tier.Lease;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code getAll}: the read path of {@link ReadPath} for many keys at once — L1, then one batched L2
 * read for the misses, then one {@link CacheLoader#loadAll} for the keys this caller leads (those
 * another caller or instance is loading are waited for on the single-key path).
 */
final class BulkReads<K, V> {

  private final CacheContext<K, V> ctx;
  private final ReadPath<K, V> reads;
  private final Loads<K, V> loads;
  private final Fill<K, V> fill;

  BulkReads(CacheContext<K, V> ctx, ReadPath<K, V> reads, Loads<K, V> loads, Fill<K, V> fill) {
    this.ctx = ctx;
    this.reads = reads;
    this.loads = loads;
    this.fill = fill;
  }

  Map<K, V> getAll(Collection<? extends K> keys, CacheLoader<? super K, ? extends V> loader) {
    Set<K> wanted = new LinkedHashSet<>(keys.size() * 2);
    for (K key : keys) {
      wanted.add(Objects.requireNonNull(key, "keys must not contain null"));
    }
    long now = ctx.clock.nanos();
    Map<K, Entry<V>> found = new HashMap<>(wanted.size() * 2);
    Map<K, Entry<V>> stale = new HashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : wanted) {
      Entry<V> e = ctx.l1.get(key);
      if (e != null && ctx.tagsCurrent(e)) {
        if (reads.serve(key, e, now, loader, CacheEventType.L1_HIT)) {
          found.put(key, e);
          continue;
        }
        stale.put(key, e);
      }
      missing.add(key);
    }
    if (ctx.l2.isPresent() && !missing.isEmpty()) {
      missing = fromL2(missing, now, loader, found, stale);
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

  /** One batched L2 read for {@code missing}; returns the keys still missing after it. */
  private List<K> fromL2(List<K> missing, long now, CacheLoader<? super K, ? extends V> loader,
      Map<K, Entry<V>> found, Map<K, Entry<V>> stale) {
    long[] stamps = new long[missing.size()];
    for (int i = 0; i < stamps.length; i++) {
      stamps[i] = ctx.l1.stamp(missing.get(i)); // before the L2 read, as in ReadPath
    }
    Map<K, Entry<V>> fromL2 = ctx.l2.getAll(missing);
    List<K> stillMissing = new ArrayList<>();
    for (int i = 0; i < stamps.length; i++) {
      K key = missing.get(i);
      Entry<V> e = fromL2.get(key);
      if (e != null && ctx.tagsCurrent(e)) {
        if (e.isServableStale(now)) {
          ctx.l1.putIfUnchanged(key, e, stamps[i]);
        }
        if (reads.serve(key, e, now, loader, CacheEventType.L2_HIT)) {
          found.put(key, e);
          continue;
        }
        stale.merge(key, e, CacheContext::newer);
      }
      stillMissing.add(key);
    }
    return stillMissing;
  }

  /** Loads the misses with one {@link CacheLoader#loadAll} for the keys we lead. */
  private Map<K, Entry<V>> loadMany(List<K> keys, CacheLoader<? super K, ? extends V> loader,
      Map<K, Entry<V>> stale) {
    Map<K, SingleFlight.Call<Entry<V>>> led = new LinkedHashMap<>();
    Map<K, SingleFlight.Call<Entry<V>>> joined = new LinkedHashMap<>();
    for (K key : keys) {
      ctx.events.record(CacheEventType.MISS, key);
      if (ctx.bloom != null && !ctx.bloom.mightContain(key)) {
        ctx.events.record(CacheEventType.BLOOM_BLOCKED, key);
        continue;
      }
      SingleFlight.Call<Entry<V>> call = ctx.flights.join(key);
      if (call.isLeader()) {
        led.put(key, call);
      } else {
        ctx.events.record(CacheEventType.COALESCED, key);
        joined.put(key, call);
      }
    }
    if (!led.isEmpty()) {
      leadMany(led, loader);
    }
    Map<K, SingleFlight.Call<Entry<V>>> all = new LinkedHashMap<>(led);
    all.putAll(joined);
    Map<K, Entry<V>> result = new HashMap<>(keys.size() * 2);
    for (Map.Entry<K, SingleFlight.Call<Entry<V>>> c : all.entrySet()) {
      K key = c.getKey();
      try {
        result.put(key, loads.await(c.getValue()));
      } catch (Exception failure) {
        Entry<V> old = stale.get(key);
        if (old != null && old.isServableOnError(ctx.clock.nanos())) {
          ctx.events.record(CacheEventType.STALE_SERVED_SIE, key);
          result.put(key, old);
        } else {
          throw new CacheLoadException(ctx.name, key, failure);
        }
      }
    }
    return result;
  }

  private void leadMany(Map<K, SingleFlight.Call<Entry<V>>> led,
      CacheLoader<? super K, ? extends V> loader) {
    Map<K, FillTicket<K, V>> tickets = new HashMap<>(led.size() * 2);
    led.forEach((key, call) -> tickets.put(key, FillTicket.take(ctx, key, call)));
    Map<K, Lease> granted = new HashMap<>();
    Map<K, SingleFlight.Call<Entry<V>>> heldElsewhere = new LinkedHashMap<>();
    if (ctx.leases) {
      for (K key : List.copyOf(led.keySet())) {
        Lease lease = ctx.l2.acquire(key);
        if (lease == null) {
          loads.loadingWithoutLease(key, "the lease call failed");
        } else if (lease.isGranted()) {
          granted.put(key, lease);
        } else {
          heldElsewhere.put(key, led.remove(key));
        }
      }
    }
    if (!led.isEmpty()) {
      bulkLoad(led, granted, loader, tickets);
    }
    // Keys another instance is loading: wait for its fills (or take over) on the single-key path.
    heldElsewhere.forEach((key, call) -> loads.lead(key, loader, call, null, false));
  }

  private void bulkLoad(Map<K, SingleFlight.Call<Entry<V>>> led, Map<K, Lease> granted,
      CacheLoader<? super K, ? extends V> loader, Map<K, FillTicket<K, V>> tickets) {
    Set<K> toLoad = led.keySet();
    long start = System.nanoTime();
    Map<? extends K, ? extends V> loaded;
    try {
      @SuppressWarnings("unchecked")
      CacheLoader<K, V> typed = (CacheLoader<K, V>) loader;
      loaded = ctx.source.call(() -> typed.loadAll(Set.copyOf(toLoad)), ctx.loadTimeout);
      if (loaded == null) {
        throw new IllegalStateException("loadAll returned null");
      }
    } catch (Throwable t) {
      long cost = System.nanoTime() - start;
      for (Map.Entry<K, SingleFlight.Call<Entry<V>>> c : led.entrySet()) {
        ctx.events.recordLoad(CacheEventType.LOAD_FAILURE, c.getKey(), cost / led.size());
        Lease lease = granted.get(c.getKey());
        if (lease != null) {
          ctx.l2.release(c.getKey(), lease);
        }
        ctx.flights.finish(c.getKey(), c.getValue(), null, t);
      }
      return;
    }
    long cost = System.nanoTime() - start;
    long now = ctx.clock.nanos();
    for (Map.Entry<K, SingleFlight.Call<Entry<V>>> c : led.entrySet()) {
      K key = c.getKey();
      SingleFlight.Call<Entry<V>> call = c.getValue();
      try {
        V value = loads.checkType(key, loaded.get(key));
        ctx.events.recordLoad(value == null ? CacheEventType.LOAD_NOT_FOUND
            : CacheEventType.LOAD_SUCCESS, key, cost / led.size());
        Entry<V> entry = ctx.entries.create(key, value, now, cost);
        fill.store(entry, granted.get(key), tickets.get(key));
        ctx.flights.finish(key, call, entry, null);
      } catch (Throwable t) {
        ctx.flights.finish(key, call, null, t);
      }
    }
  }
}
