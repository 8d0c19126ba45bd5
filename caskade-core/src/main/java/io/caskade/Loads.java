package io.caskade;

import io.caskade.entry.Entry;
import io.caskade.flight.SingleFlight;
import io.caskade.metrics.CacheEventType;
import io.caskade.tier.Claim;
import io.caskade.tier.Lease;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The load step of the read path, for the caller that leads a key's single-flight call: adopt a
 * fill that raced ahead, take the fleet-wide lease (or wait for its holder's fill), call the
 * loader through the source's protections, and hand the result to the {@link Fill} step.
 */
final class Loads<K, V> {

  private final CacheContext<K, V> ctx;
  private final Fill<K, V> fill;
  private final LeaseWait<K, V> leaseWait;
  private final LeaseUnavailable leaseUnavailable;

  Loads(CacheContext<K, V> ctx, Fill<K, V> fill) {
    this.ctx = ctx;
    this.fill = fill;
    this.leaseWait = new LeaseWait<>(ctx);
    this.leaseUnavailable = new LeaseUnavailable(ctx);
  }

  /** Counts and logs a load that goes ahead without the lease ({@link LeaseUnavailable}). */
  void loadingWithoutLease(K key, String why) {
    leaseUnavailable.loadingWithout(key, why);
  }

  /** The leader's half of a single-flight call: ends it with an entry or a failure, never throws. */
  void lead(K key, CacheLoader<? super K, ? extends V> loader, SingleFlight.Call<Entry<V>> call,
      Entry<V> stale, boolean refresh) {
    try {
      ctx.flights.finish(key, call, loadAndFill(key, loader, call, stale, refresh), null);
    } catch (Throwable t) {
      ctx.flights.finish(key, call, null, t);
      if (t instanceof Error && !(t instanceof StackOverflowError)) {
        throw (Error) t;
      }
    }
  }

  /** Waits for a single-flight call's result, at most the cache's waiter bound. */
  Entry<V> await(SingleFlight.Call<Entry<V>> call) throws Exception {
    try {
      return call.future().get(ctx.waiterBoundNanos, TimeUnit.NANOSECONDS);
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

  private Entry<V> loadAndFill(K key, CacheLoader<? super K, ? extends V> loader,
      SingleFlight.Call<Entry<V>> call, Entry<V> stale, boolean refresh) throws Exception {
    FillTicket<K, V> ticket = FillTicket.take(ctx, key, call); // before any read below
    Entry<V> ahead = refresh ? refreshedElsewhere(key, stale) : filledMeanwhile(key);
    if (ahead != null) {
      if (refresh) {
        ticket.putInL1(ctx, ahead);
      }
      return ahead;
    }
    Lease lease = null;
    if (ctx.leases) {
      Claimed<V> claimed = claim(key, refresh);
      if (claimed.filled() != null) {
        ticket.putInL1(ctx, claimed.filled());
        return claimed.filled();
      }
      lease = claimed.lease();
      if (lease == null) {
        loadingWithoutLease(key, "the lease call failed");
      } else if (!lease.isGranted()) {
        ctx.events.record(CacheEventType.LEASE_WAIT, key);
        LeaseWait.Awaited<V> awaited = leaseWait.await(key);
        if (awaited.filled() != null) {
          ctx.events.record(CacheEventType.L2_HIT, key); // the lease holder's fill answered us
          ticket.putInL1(ctx, awaited.filled());
          return awaited.filled();
        }
        lease = awaited.lease();
        if (lease == null && stale != null && stale.isServableOnError(ctx.clock.nanos())) {
          if (!refresh) {
            ctx.events.record(CacheEventType.STALE_SERVED_SIE, key);
          }
          return stale; // a refresh simply keeps the current entry
        }
        // With no lease, the holder is slow or gone: load ourselves, but only L1 keeps the result.
        if (lease == null && awaited.gaveUp() != LeaseWait.GaveUp.INTERRUPTED) {
          loadingWithoutLease(key, awaited.gaveUp() == LeaseWait.GaveUp.TIMED_OUT
              ? "neither the holder's fill nor the lease within leaseWait"
              : "an L2 call failed while waiting for the holder's fill");
        }
      }
    }
    Entry<V> entry;
    try {
      entry = invoke(key, loader);
    } catch (Exception e) {
      if (lease != null && lease.isGranted()) {
        ctx.l2.release(key, lease);
      }
      throw e;
    }
    fill.store(entry, lease, ticket);
    return entry;
  }

  /** What the lease step ended with: another instance's fill, or the lease answer (null: failed). */
  private record Claimed<V>(Entry<V> filled, Lease lease) {}

  /**
   * The shared copy if another instance filled the key since our read, else the lease: one round
   * trip where the tier can ({@link SharedTier#claim}), and never a lease granted on a key that is
   * already filled. A refresh asks for the lease alone (the copy it would find is the stale one it
   * is replacing; {@link #refreshedElsewhere} already looked), as does a copy found that is not
   * fresh (stale-if-error only) — then a fill that lands in between is caught by one more read.
   */
  private Claimed<V> claim(K key, boolean refresh) {
    if (!refresh) {
      Claim<V> claim = ctx.l2.claim(key);
      if (claim == null) {
        return new Claimed<>(null, null);
      }
      Entry<V> found = claim.found();
      if (found == null) {
        return new Claimed<>(null, claim.lease());
      }
      if (usable(found)) {
        ctx.events.record(CacheEventType.L2_HIT, key); // filled by another instance meanwhile
        return new Claimed<>(found, null);
      }
    }
    Lease lease = ctx.l2.acquire(key);
    if (lease != null && lease.isGranted()) {
      Entry<V> filled = ctx.l2.get(key);
      if (filled != null && usable(filled)) {
        ctx.l2.release(key, lease);
        return new Claimed<>(filled, null);
      }
    }
    return new Claimed<>(null, lease);
  }

  private boolean usable(Entry<V> e) {
    return e.isFresh(ctx.clock.nanos()) && ctx.tagsCurrent(e);
  }

  /** A fill that happened between our miss and our joining the flight (it precedes its finish). */
  private Entry<V> filledMeanwhile(K key) {
    Entry<V> filled = ctx.l1.isEnabled() ? ctx.l1.get(key) : (ctx.leases ? null : ctx.l2.get(key));
    return filled != null && filled.isFresh(ctx.clock.nanos()) && ctx.tagsCurrent(filled)
        ? filled : null;
  }

  /** Another instance may have refreshed the shared copy already: adopt it. */
  private Entry<V> refreshedElsewhere(K key, Entry<V> stale) {
    if (!ctx.l2.isPresent()) {
      return null;
    }
    Entry<V> latest = ctx.l2.get(key);
    return latest != null && stale != null && latest.freshUntil() > stale.freshUntil()
        && latest.isFresh(ctx.clock.nanos()) && ctx.tagsCurrent(latest) ? latest : null;
  }

  /** Calls the loader through the source's protections and builds the entry. */
  Entry<V> invoke(K key, CacheLoader<? super K, ? extends V> loader) throws Exception {
    long start = System.nanoTime();
    V value;
    try {
      value = checkType(key, ctx.source.call(() -> loader.load(key), ctx.loadTimeout));
    } catch (Exception e) {
      ctx.events.recordLoad(CacheEventType.LOAD_FAILURE, key, System.nanoTime() - start);
      throw e;
    }
    long cost = System.nanoTime() - start;
    ctx.events.recordLoad(value == null ? CacheEventType.LOAD_NOT_FOUND
        : CacheEventType.LOAD_SUCCESS, key, cost);
    return ctx.entries.create(key, value, ctx.clock.nanos(), cost);
  }

  /** {@code value}, unless it is not of the declared value type. */
  V checkType(K key, V value) {
    if (ctx.valueType != null && value != null && !ctx.valueType.isInstance(value)) {
      throw new ClassCastException("cache '" + ctx.name + "': loader returned a "
          + value.getClass().getName() + " for key " + key + ", expected "
          + ctx.valueType.getName());
    }
    return value;
  }
}
