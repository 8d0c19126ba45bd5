package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.tier.Claim;
import io.caskade.tier.Lease;
import io.caskade.tier.Leases;
import io.caskade.tier.Tier;
import io.caskade.tier.TierException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lease provider over a map, with memcache's rules: one token per key, a fill accepted only while
 * its token holds, every invalidation deletes the value and voids the token. {@link #afterFill}
 * runs right after a fill was accepted (the hook for "an invalidation arrives just then").
 */
final class LeasedMapTier<K, V> implements Tier<K, V>, Leases<K, V> {

  final Map<K, Entry<V>> values = new ConcurrentHashMap<>();
  final Map<K, String> tokens = new ConcurrentHashMap<>();
  volatile Runnable afterFill = () -> { };
  /** Every {@link #get} and {@link #acquire}, counted. */
  final AtomicInteger gets = new AtomicInteger();
  final AtomicInteger acquires = new AtomicInteger();
  /** Every {@link #claim}: one call, like the Redis tier's script (no get, no acquire counted). */
  final AtomicInteger claims = new AtomicInteger();
  /** When set, {@link #acquire} fails as an unreachable tier's would. */
  final AtomicBoolean acquireFails = new AtomicBoolean();
  /** The bound of every {@link #awaitChange} call, in nanoseconds. */
  final List<Long> awaitBounds = new CopyOnWriteArrayList<>();
  /** When set, every {@link #get} waits for it before answering (to pile callers up on a read). */
  volatile CountDownLatch getGate;

  @Override
  public String name() {
    return "leased-map";
  }

  @Override
  public Entry<V> get(K key) {
    gets.incrementAndGet();
    Entry<V> e = values.get(key);
    CountDownLatch gate = getGate;
    if (gate != null) {
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
    return e;
  }

  @Override
  public Map<K, Entry<V>> getAll(Collection<? extends K> keys) {
    Map<K, Entry<V>> found = new HashMap<>();
    keys.forEach(k -> {
      Entry<V> e = values.get(k);
      if (e != null) {
        found.put(k, e);
      }
    });
    return found;
  }

  @Override
  public void put(K key, Entry<V> entry) {
    values.put(key, entry);
  }

  @Override
  public synchronized void invalidate(K key) {
    values.remove(key);
    tokens.remove(key);
    notifyAll();
  }

  @Override
  public synchronized void invalidateAll(Collection<? extends K> keys) {
    keys.forEach(this::invalidate);
  }

  @Override
  public synchronized void invalidateAll() {
    values.clear();
    tokens.clear();
  }

  @Override
  public Leases<K, V> leases() {
    return this;
  }

  @Override
  public synchronized Lease acquire(K key) {
    acquires.incrementAndGet();
    if (acquireFails.get()) {
      throw new TierException("lease call timed out");
    }
    if (tokens.containsKey(key)) {
      return Lease.heldElsewhere();
    }
    String token = UUID.randomUUID().toString();
    tokens.put(key, token);
    return Lease.granted(token);
  }

  /** The value, else the lease, atomically in one call (as the Redis tier's claim script). */
  @Override
  public synchronized Claim<V> claim(K key) {
    claims.incrementAndGet();
    if (acquireFails.get()) {
      throw new TierException("lease call timed out");
    }
    Entry<V> e = values.get(key);
    if (e != null) {
      return Claim.found(e);
    }
    if (tokens.containsKey(key)) {
      return Claim.lease(Lease.heldElsewhere());
    }
    String token = UUID.randomUUID().toString();
    tokens.put(key, token);
    return Claim.lease(Lease.granted(token));
  }

  @Override
  public boolean fill(K key, Entry<V> entry, Lease lease) {
    synchronized (this) {
      if (!lease.token().equals(tokens.get(key))) {
        return false;
      }
      tokens.remove(key);
      values.put(key, entry);
      notifyAll();
    }
    afterFill.run();
    return true;
  }

  @Override
  public synchronized void release(K key, Lease lease) {
    tokens.remove(key, lease.token());
    notifyAll();
  }

  /** Woken by every fill, release and invalidation (one monitor for all keys: a test tier). */
  @Override
  public void awaitChange(K key, long maxNanos) throws InterruptedException {
    awaitBounds.add(maxNanos);
    synchronized (this) {
      if (tokens.containsKey(key)) {
        TimeUnit.NANOSECONDS.timedWait(this, maxNanos);
      }
    }
  }
}
