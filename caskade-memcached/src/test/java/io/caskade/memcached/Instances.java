package io.caskade.memcached;

import io.caskade.Cache;
import io.caskade.CacheBuilder;
import io.caskade.Caskade;
import io.caskade.CacheLoader;
import io.caskade.codec.KeyCodec;
import io.caskade.codec.StringCodec;
import io.caskade.bus.InvalidationBus;
import io.caskade.tier.Tier;
import io.caskade.tier.compose.Tiers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Cache "instances" over memcached: each has its own fleet connections (as separate processes
 * would), its own store and L1. Closes everything it made.
 */
final class Instances implements AutoCloseable {

  private final List<AutoCloseable> owned = new ArrayList<>();
  private final MemcachedConfig config;

  Instances(MemcachedConfig config) {
    this.config = config;
  }

  /** An instance of cache {@code name}; {@code custom} adjusts the cache builder. No bus. */
  Instance instance(String name, boolean leases, CacheLoader<String, String> loader,
      UnaryOperator<CacheBuilder<String, String>> custom) {
    return instance(name, leases, null, loader, custom);
  }

  /** An instance of cache {@code name} whose invalidations travel on {@code bus} (null: none). */
  Instance instance(String name, boolean leases, InvalidationBus bus,
      CacheLoader<String, String> loader, UnaryOperator<CacheBuilder<String, String>> custom) {
    MemcachedFleet fleet = MemcachedFleet.connect(config);
    MemcachedStore<String, String> store = MemcachedStore.builder(fleet, KeyCodec.strings(),
        StringCodec.utf8()).build();
    Tiers.Composition<String, String> c = Tiers.compose(store).versions(fleet.versions())
        .refreshInterval(Duration.ofMillis(200));
    c = bus == null ? c.noBus() : c.bus(bus);
    Tier<String, String> tier = (leases ? c.leases(store.leases()) : c.noLeases()).build();
    Cache<String, String> cache = custom.apply(Caskade.<String, String>builder(name)
        .l2(tier).loader(loader).ttl(Duration.ofMinutes(5)).leaseWait(Duration.ofSeconds(10)))
        .build();
    owned.add(fleet);
    owned.add(cache);
    return new Instance(cache, store, fleet);
  }

  record Instance(Cache<String, String> cache, MemcachedStore<String, String> store,
      MemcachedFleet fleet) {}

  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
  }
}
