package io.caskade.redis.e2e;

import io.caskade.entry.Entry;
import io.caskade.invalidation.TagVersions;
import io.caskade.tier.Lease;
import io.caskade.tier.Leases;
import io.caskade.tier.RemoteInvalidationListener;
import io.caskade.tier.Tier;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A tier that holds the first L2 write (a lease fill or a plain put) until the test releases it:
 * the hook that forces "reader loaded the old row → writer updated and invalidated → reader
 * writes" in exactly that order.
 */
final class HookedTier<K, V> implements Tier<K, V> {

  private final Tier<K, V> delegate;
  private final CountDownLatch writeArrived = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean armed = new AtomicBoolean(true);

  HookedTier(Tier<K, V> delegate) {
    this.delegate = delegate;
  }

  /** Waits until the reader is about to write its loaded entry to L2. */
  void awaitWrite() throws InterruptedException {
    if (!writeArrived.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the reader never reached its L2 write");
    }
  }

  /** Lets the held write go on. */
  void releaseWrite() {
    release.countDown();
  }

  private void hold() {
    if (armed.compareAndSet(true, false)) {
      writeArrived.countDown();
      try {
        if (!release.await(10, TimeUnit.SECONDS)) {
          throw new AssertionError("the test never released the held write");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Entry<V> get(K key) {
    return delegate.get(key);
  }

  @Override
  public Map<K, Entry<V>> getAll(Collection<? extends K> keys) {
    return delegate.getAll(keys);
  }

  @Override
  public void put(K key, Entry<V> entry) {
    hold();
    delegate.put(key, entry);
  }

  @Override
  public void invalidate(K key) {
    delegate.invalidate(key);
  }

  @Override
  public void invalidateAll(Collection<? extends K> keys) {
    delegate.invalidateAll(keys);
  }

  @Override
  public void invalidateAll() {
    delegate.invalidateAll();
  }

  @Override
  public Leases<K, V> leases() {
    Leases<K, V> leases = delegate.leases();
    if (leases == null) {
      return null;
    }
    return new Leases<>() {
      @Override
      public Lease acquire(K key) {
        return leases.acquire(key);
      }

      @Override
      public boolean fill(K key, Entry<V> entry, Lease lease) {
        hold();
        return leases.fill(key, entry, lease);
      }

      @Override
      public void release(K key, Lease lease) {
        leases.release(key, lease);
      }
    };
  }

  @Override
  public TagVersions tagVersions() {
    return delegate.tagVersions();
  }

  @Override
  public void subscribe(RemoteInvalidationListener<K> listener) {
    delegate.subscribe(listener);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
