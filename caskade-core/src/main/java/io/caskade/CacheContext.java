package io.caskade;

import io.caskade.bloom.BloomGuard;
import io.caskade.entry.Entry;
import io.caskade.flight.SingleFlight;
import io.caskade.invalidation.TagVersions;
import io.caskade.refresh.RefreshPolicy;
import io.caskade.source.Source;
import io.caskade.time.CacheClock;
import io.caskade.write.WriteBehindQueue;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every step of one cache's engine shares: its tiers (never null: absent ones are null
 * objects), the single-flight registry, the fill epoch, the source and the event recorder. Built
 * once from the {@link CacheSpec}; holds no behaviour beyond small shared checks.
 */
final class CacheContext<K, V> {

  final String name;
  final CacheClock clock;
  final LocalTier<K, V> l1;
  final SharedTier<K, V> l2;
  /** Whether loads take fleet-wide leases (an L2 with leases). */
  final boolean leases;
  final long leaseWaitNanos;
  final Duration l1LifetimeWhileBusDown;
  final EventRecorder events;
  final TagVersions tagVersions;
  final EntryFactory<K, V> entries;
  final RefreshPolicy refreshPolicy;
  final Source source;
  final boolean ownsSource;
  final Duration loadTimeout;
  /** The longest a caller waits on a load led by another caller of this instance. */
  final long waiterBoundNanos;
  /** Null without a bloom guard. */
  final BloomGuard<K> bloom;
  /** Null without a declared value type. */
  final Class<V> valueType;
  /** Null unless the write mode is BEHIND: reads consult its pending writes. */
  final WriteBehindQueue<K, V> writeBehind;
  final SingleFlight<K, Entry<V>> flights = new SingleFlight<>();
  /**
   * The L2 reads under way, one per key: callers that miss L1 while a read of their key runs take
   * its answer. Every write and invalidation forgets the key's read once its own L2 effect is done,
   * so a caller that starts after it never takes an answer read before it.
   */
  final SingleFlight<K, Entry<V>> l2Reads = new SingleFlight<>();
  /** Bumped by every cache-wide or tag invalidation: a load that started before it does not fill. */
  final AtomicLong fillEpoch = new AtomicLong();

  CacheContext(CacheSpec<K, V> spec) {
    this.name = spec.name();
    this.clock = spec.clock();
    this.events = new EventRecorder(name, spec.listeners());
    this.l1 = spec.l1Enabled()
        ? new L1Store<>(spec.maximumSize(), spec.l1MaxLifetime(), clock) : LocalTier.none();
    if (spec.l2() != null) {
      spec.l2().bind(name, clock); // the tier takes the cache's name and clock
    }
    this.l2 = spec.l2() == null ? SharedTier.none(name, events)
        : new SharedTier<>(name, spec.l2(), events);
    this.leases = l2.hasLeases();
    this.leaseWaitNanos = spec.leaseWait().toNanos();
    this.l1LifetimeWhileBusDown = spec.l1LifetimeWhileBusDown();
    this.ownsSource = spec.source() == null;
    this.source = spec.source() != null ? spec.source() : Source.unprotected(name,
        spec.loadTimeout() != null ? spec.loadTimeout() : Duration.ofSeconds(10));
    this.loadTimeout = spec.loadTimeout() != null ? spec.loadTimeout() : source.loadTimeout();
    this.waiterBoundNanos = loadTimeout.toNanos() + 2 * leaseWaitNanos
        + TimeUnit.SECONDS.toNanos(1);
    this.bloom = spec.bloomGuard();
    this.valueType = spec.valueType();
    TagVersions sharedTags = spec.l2() == null ? null : spec.l2().tagVersions();
    this.tagVersions = sharedTags != null ? sharedTags : TagVersions.inProcess();
    this.entries = new EntryFactory<>(spec, tagVersions);
    this.refreshPolicy = spec.refreshPolicy();
    this.writeBehind = spec.writeBehindQueue();
  }

  /** Whether the versions {@code e} was built under are still those of its tags. */
  boolean tagsCurrent(Entry<V> e) {
    return e.tagVersions().isEmpty() || tagVersions.isCurrent(e.tagVersions());
  }

  /** Of two entries for one key, the one usable longest on error (either may be null). */
  static <V> Entry<V> newer(Entry<V> a, Entry<V> b) {
    if (a == null) {
      return b;
    }
    return b.errorUntil() > a.errorUntil() ? b : a;
  }
}
