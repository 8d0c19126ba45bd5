package io.caskade.redis;

import io.caskade.codec.KeyCodec;
import io.caskade.entry.Entry;
import io.caskade.redis.lease.FillSignals;
import io.caskade.redis.lease.LeaseScripts;
import io.caskade.tier.Claim;
import io.caskade.tier.Lease;
import io.caskade.tier.Leases;
import io.caskade.tier.TierContext;
import io.caskade.tier.TierStore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fleet-wide leases over the lease scripts ({@link LeaseScripts}), under the same guard as every
 * other call of the tier: the lease key shares its slot with the value's, every invalidation
 * deletes both in one script, and a fill is stored only while its token still holds. A fill that
 * fails releases its lease at once, without the caller waiting. Fills and releases are announced on
 * the cache's lease channel, and {@link #awaitChange} waits on those notices ({@link FillSignals}).
 */
final class RedisLeases<K, V> implements Leases<K, V> {

  private static final Logger log = LoggerFactory.getLogger(RedisLeases.class);

  private final String cache;
  private final String origin;
  private final KeyCodec<K> keys;
  private final RedisStore<K, V> store;
  private final long leaseTtlMillis;
  private final TierCounters counters;
  private final KeyLayout layout;
  private final RedisConnection redis;
  private final Guard guard;
  private final LeaseScripts scripts;
  private final SchemaRegistry schemas;
  private final FillSignals signals;
  private final AtomicLong tokens = new AtomicLong();
  private volatile boolean closed;

  RedisLeases(String cache, String origin, RedisStore<K, V> store, long leaseTtlMillis,
      TierCounters counters, KeyLayout layout, RedisConnection redis, Guard guard,
      LeaseScripts scripts, SchemaRegistry schemas, FillSignals signals) {
    this.cache = cache;
    this.origin = origin;
    this.keys = store.keys();
    this.store = store;
    this.leaseTtlMillis = leaseTtlMillis;
    this.counters = counters;
    this.layout = layout;
    this.redis = redis;
    this.guard = guard;
    this.scripts = scripts;
    this.schemas = schemas;
    this.signals = signals;
  }

  @Override
  public void bind(TierContext context) {
    // the store holds the context: leases live under the store's keys and generation
  }

  /** Starts hearing other instances' fills (else the first wait tries; failures are retried). */
  void listen() {
    signals.subscribe();
  }

  void close() {
    closed = true;
    signals.close();
  }

  @Override
  public Lease acquire(K key) {
    String encoded = keys.encode(key);
    String token = origin + ':' + tokens.incrementAndGet();
    boolean granted = guard.call("lease acquire", () ->
        scripts.acquire(layout.lease(store.generation(), encoded), token, leaseTtlMillis));
    if (granted) {
      counters.leasesGranted.increment();
      return Lease.granted(token);
    }
    counters.leasesHeld.increment();
    return Lease.heldElsewhere();
  }

  /**
   * The value or the lease in one script ({@link LeaseScripts#claim}) when {@code store} is this
   * tier's own; bytes that do not decode, or an envelope already expired, count as nothing held
   * (the store counts and deletes them) and the lease is then requested on its own.
   */
  @Override
  public Claim<V> claim(K key, TierStore<K, V> other) {
    if (other != store) {
      return Leases.super.claim(key, other);
    }
    String encoded = keys.encode(key);
    String token = origin + ':' + tokens.incrementAndGet();
    ClaimReply reply = guard.call("lease claim", () -> {
      long gen = store.generation();
      String valueKey = layout.value(gen, encoded);
      return new ClaimReply(valueKey, scripts.claim(valueKey, layout.lease(gen, encoded), token,
          leaseTtlMillis));
    });
    LeaseScripts.Claimed claimed = reply.claimed();
    if (claimed.value() != null) {
      Entry<V> found = store.acceptBytes(reply.valueKey(), claimed.value());
      return found != null ? Claim.found(found) : Claim.lease(acquire(key));
    }
    if (claimed.granted()) {
      counters.leasesGranted.increment();
      return Claim.lease(Lease.granted(token));
    }
    counters.leasesHeld.increment();
    return Claim.lease(Lease.heldElsewhere());
  }

  private record ClaimReply(String valueKey, LeaseScripts.Claimed claimed) {}

  @Override
  public boolean fill(K key, Entry<V> entry, Lease lease) {
    if (!lease.isGranted()) {
      return false;
    }
    String encoded = keys.encode(key);
    byte[] bytes;
    try {
      bytes = store.encode(encoded, entry);
    } catch (RuntimeException e) {
      releaseAfterFailedFill(encoded, lease.token());
      throw e;
    }
    long ttl = store.ttlMillis(entry);
    boolean stored;
    try {
      stored = guard.call("lease fill", () -> {
        long gen = store.generation();
        if (ttl <= 0) {
          scripts.release(layout.lease(gen, encoded), lease.token());
          return false;
        }
        if (!schemas.writable(redis.sync())) {
          // a version others may not know yet stores nothing; the lease check still decides
          return scripts.release(layout.lease(gen, encoded), lease.token());
        }
        return scripts.fill(layout.value(gen, encoded), layout.lease(gen, encoded),
            lease.token(), bytes, ttl);
      });
    } catch (RuntimeException e) {
      releaseAfterFailedFill(encoded, lease.token()); // timeout, interruption, breaker, budget
      throw e;
    }
    if (!stored) {
      counters.fillsRejected.increment();
    }
    return stored;
  }

  /**
   * Releases the lease of a fill that did not happen, without the caller waiting: sent and not
   * awaited, under the generation the fill would have used (none known: nothing to release).
   */
  private void releaseAfterFailedFill(String encoded, String token) {
    long gen = store.knownGeneration();
    if (gen < 0 || closed) {
      return;
    }
    try {
      scripts.releaseAsync(redis.async(), layout.lease(gen, encoded), token);
    } catch (RuntimeException e) {
      log.debug("cache '{}': lease of '{}' left to expire: {}", cache, encoded, e.toString());
    }
  }

  /** Woken by another instance's fill or release of the key ({@link FillSignals}). */
  @Override
  public void awaitChange(K key, long maxNanos) throws InterruptedException {
    long gen = store.knownGeneration();
    if (gen < 0) {
      Leases.super.awaitChange(key, maxNanos);
    } else {
      signals.await(layout.lease(gen, keys.encode(key)), maxNanos);
    }
  }

  @Override
  public void release(K key, Lease lease) {
    if (!lease.isGranted()) {
      return;
    }
    String encoded = keys.encode(key);
    guard.run("lease release", () ->
        scripts.release(layout.lease(store.generation(), encoded), lease.token()));
  }
}
