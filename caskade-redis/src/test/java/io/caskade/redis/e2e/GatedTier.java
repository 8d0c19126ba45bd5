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
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tier that, once armed, holds the next call of one kind: {@code AFTER_*} points after the real
 * tier answered and before the answer goes back to the cache (forcing "an instance read the old
 * value from L2, or had its fill accepted → a write and its invalidation land → the instance
 * stores what it read in L1"); {@link Point#BEFORE_WRITE} before the first L2 write, a lease fill
 * or a plain put (forcing the stale-set race: "a reader loaded the old row → a writer updated and
 * invalidated → the reader writes").
 */
final class GatedTier<K, V> implements Tier<K, V> {

  /** Where the gate holds. */
  enum Point { AFTER_GET, AFTER_GET_ALL, AFTER_FILL, BEFORE_WRITE }

  private final Tier<K, V> delegate;
  private final AtomicReference<Point> armed = new AtomicReference<>();
  private volatile CountDownLatch arrived = new CountDownLatch(1);
  private volatile CountDownLatch release = new CountDownLatch(1);

  GatedTier(Tier<K, V> delegate) {
    this.delegate = delegate;
  }

  /** The next call at {@code point} will wait for {@link #release()}. */
  void arm(Point point) {
    arrived = new CountDownLatch(1);
    release = new CountDownLatch(1);
    armed.set(point);
  }

  /** Waits until the armed call has its answer and is held. */
  void awaitHeld() throws InterruptedException {
    if (!arrived.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the armed call never reached the gate");
    }
  }

  /** Lets the held call go on. */
  void release() {
    release.countDown();
  }

  private void pass(Point point) {
    if (armed.compareAndSet(point, null)) {
      arrived.countDown();
      try {
        if (!release.await(10, TimeUnit.SECONDS)) {
          throw new AssertionError("the test never released the gate");
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
    Entry<V> e = delegate.get(key);
    pass(Point.AFTER_GET);
    return e;
  }

  @Override
  public Map<K, Entry<V>> getAll(Collection<? extends K> keys) {
    Map<K, Entry<V>> found = delegate.getAll(keys);
    pass(Point.AFTER_GET_ALL);
    return found;
  }

  @Override
  public void put(K key, Entry<V> entry) {
    pass(Point.BEFORE_WRITE);
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
        pass(Point.BEFORE_WRITE);
        boolean stored = leases.fill(key, entry, lease);
        pass(Point.AFTER_FILL);
        return stored;
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
