package io.caskade;

import io.caskade.bloom.BloomGuard;
import io.caskade.invalidation.Tagger;
import io.caskade.metrics.CacheEventListener;
import io.caskade.refresh.RefreshPolicy;
import io.caskade.source.Source;
import io.caskade.tier.Tier;
import io.caskade.time.CacheClock;
import io.caskade.snapshot.HotKeySnapshots;
import io.caskade.write.CacheWriter;
import io.caskade.write.WriteBehindQueue;
import io.caskade.write.WriteMode;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * What a {@link CacheBuilder} was told, validated and frozen: the engine reads only this, so a
 * builder changed (or reused) after {@code build()} never reaches a running cache. Defaults that
 * depend on other options are resolved here (e.g. the L1 lifetime cap with an L2).
 */
record CacheSpec<K, V>(
    String name,
    CacheLoader<? super K, ? extends V> loader,
    Expiry<? super K, ? super V> expiry,
    Duration ttl,
    Duration negativeTtl,
    double ttlJitter,
    Duration staleWhileRevalidate,
    Duration staleIfError,
    RefreshPolicy refreshPolicy,
    long maximumSize,
    boolean l1Enabled,
    Duration l1MaxLifetime,
    Duration l1LifetimeWhileBusDown,
    Tier<K, V> l2,
    Duration leaseWait,
    Source source,
    Duration loadTimeout,
    BloomGuard<K> bloomGuard,
    Tagger<? super K, ? super V> tagger,
    CacheClock clock,
    List<CacheEventListener> listeners,
    int refreshConcurrency,
    int refreshQueueCapacity,
    Class<V> valueType,
    CacheWriter<K, V> writer,
    WriteMode writeMode,
    WriteBehindQueue<K, V> writeBehindQueue,
    Long randomSeed,
    HotKeySnapshots<K> hotKeySnapshots,
    int hotKeySnapshotSize,
    Duration hotKeySnapshotInterval) {

  /** L1's lifetime cap with an L2 when none is set: the backstop for a lost invalidation. */
  static final Duration DEFAULT_L1_LIFETIME_WITH_L2 = Duration.ofMinutes(1);

  CacheSpec {
    listeners = List.copyOf(listeners);
    if (writeMode == WriteMode.BEHIND && writeBehindQueue == null) {
      throw new IllegalStateException("write-behind needs a queue: use writeBehind(writer, queue)");
    }
  }

  static <K, V> CacheSpec<K, V> of(CacheBuilder<K, V> b) {
    Random refreshRandom = b.seeded ? new Random(b.randomSeed ^ 0x5DEECE66DL) : null;
    RefreshPolicy refresh = b.refreshPolicy != null ? b.refreshPolicy
        : RefreshPolicy.anyOf(RefreshPolicy.xfetch(b.earlyRefreshBeta, refreshRandom),
            RefreshPolicy.ahead(b.refreshAhead));
    Duration l1Cap = b.l1MaxLifetime != null ? b.l1MaxLifetime
        : (b.l2 != null ? DEFAULT_L1_LIFETIME_WITH_L2 : null);
    return new CacheSpec<>(b.name, b.loader, b.expiry, b.ttl, b.negativeTtl, b.ttlJitter,
        b.staleWhileRevalidate, b.staleIfError, refresh, b.maximumSize, b.l1Enabled, l1Cap,
        b.l1LifetimeWhileBusDown, b.l2, b.leaseWait, b.source, b.loadTimeout, b.bloomGuard,
        b.tagger, b.clock, b.listeners, b.refreshConcurrency, b.refreshQueueCapacity,
        b.valueType, b.writer, b.writeMode, b.writeBehindQueue, b.seeded ? b.randomSeed : null,
        b.hotKeySnapshots, b.hotKeySnapshotSize, b.hotKeySnapshotInterval);
  }

  /** The random source for TTL jitter: fixed by {@code randomSeed}, else null (thread-local). */
  Random jitterRandom() {
    return randomSeed == null ? null : new Random(randomSeed);
  }
}
