package io.caskade.jcache.store;

import io.caskade.Cache;
import java.util.List;

/**
 * The entries of one JCache cache, kept in a Caskade {@link Cache} (L1, and the L2 tier when one
 * is configured). The Caskade API has no key iteration, so this store also keeps the keys this
 * instance wrote: iteration, {@code removeAll()} and {@code clear()} see those (with an L2 tier,
 * keys written only by other instances are not iterated, but {@link #clear()} clears them too).
 */
public final class EntryStore implements AutoCloseable {

  private final Cache<Object, Stored> cache;
  private final boolean shared;
  private final KeyIndex keys;
  private final HerdGuard herd;

  /**
   * @param shared true when the cache has an L2 tier other instances also write (a put replaces
   *     the shared copy in place and every instance's L1 drops its copy: {@code Cache.put})
   */
  public EntryStore(Cache<Object, Stored> cache, boolean shared) {
    this(cache, shared, null, java.time.Duration.ofMinutes(1));
  }

  /**
   * @param herd collapses concurrent misses of callers that load and put (null = off)
   * @param expiredGrace how long the Caskade cache keeps an expired entry (the key index forgets
   *     keys expired longer ago)
   */
  public EntryStore(Cache<Object, Stored> cache, boolean shared, HerdGuard herd,
      java.time.Duration expiredGrace) {
    this.cache = cache;
    this.shared = shared;
    this.herd = herd;
    this.keys = new KeyIndex(expiredGrace.toMillis());
  }

  /** The herd guard, or null when get never waits. */
  public HerdGuard herd() {
    return herd;
  }

  /** The Caskade cache behind this store. */
  public Cache<Object, Stored> cache() {
    return cache;
  }

  /** True when other instances share this cache through an L2 tier. */
  public boolean isShared() {
    return shared;
  }

  /** The stored entry, expired or not, or null. */
  public Stored get(Object key) {
    Stored s = cache.getIfPresent(key);
    if (s != null) {
      keys.record(key, s.expireAt());
    }
    return s;
  }

  public void put(Object key, Stored stored) {
    keys.record(key, stored.expireAt());
    cache.put(key, stored); // replaces the shared copy in place and tells every instance's L1
    if (herd != null) {
      herd.filled(key);
    }
  }

  /** Rewrites an entry's expiry only (no cross-instance invalidation needed for the value). */
  public void touch(Object key, Stored stored) {
    keys.record(key, stored.expireAt());
    cache.put(key, stored);
  }

  public void remove(Object key) {
    cache.invalidate(key);
    keys.forget(key);
    if (herd != null) {
      herd.filled(key);
    }
  }

  /** Forgets a key whose entry is gone (evicted or expired in the Caskade cache). */
  public void forget(Object key) {
    keys.forget(key);
  }

  /** A snapshot of the keys this instance knows. */
  public List<Object> keys() {
    return keys.snapshot();
  }

  /** Removes every entry, on every instance. */
  public void clear() {
    cache.invalidateAll();
    keys.clear();
    if (herd != null) {
      herd.clear();
    }
  }

  @Override
  public void close() {
    cache.close();
  }
}
