package io.caskade.contracts.memory;

import io.caskade.bus.InvalidationBus;
import io.caskade.contracts.ComposedTierContract;
import io.caskade.contracts.ContractContext;
import io.caskade.contracts.LossReportingBusContract;
import io.caskade.contracts.NumberedBusContract;
import io.caskade.contracts.LeasesContract;
import io.caskade.contracts.TierStoreContract;
import io.caskade.contracts.VersionStoreContract;
import io.caskade.tier.Leases;
import io.caskade.tier.Tier;
import io.caskade.tier.TierStore;
import io.caskade.tier.compose.Tiers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;

/**
 * The suites on a correct in-memory tier: they must pass here, so a failure on a real tier is the
 * tier's.
 */
class MemoryContractsTest {

  static final MemoryServer SERVER = new MemoryServer();

  @Nested
  class Store extends TierStoreContract {
    @Override
    protected TierStore<String, String> newStore(String cache) {
      return new MemoryStore(SERVER);
    }

    @Override
    protected void writeRaw(TierStore<String, String> store, ContractContext context, String key,
        byte[] bytes) {
      SERVER.values.put(MemoryStore.layout(context, key),
          new MemoryServer.Value(bytes, Long.MAX_VALUE));
    }
  }

  @Nested
  class Lease extends LeasesContract {
    @Override
    protected TierStore<String, String> newStore(String cache) {
      return new MemoryStore(SERVER);
    }

    @Override
    protected Leases<String, String> newLeases(TierStore<String, String> store) {
      return new MemoryLeases((MemoryStore) store, leaseTtl());
    }

    @Override
    protected Duration leaseTtl() {
      return Duration.ofMillis(500);
    }
  }

  @Nested
  class Versions extends VersionStoreContract {
    @Override
    protected io.caskade.tier.VersionStore newVersionStore() {
      return new MemoryVersions(SERVER);
    }

    @Override
    protected void loseCounter(String counter) {
      SERVER.counters.remove(counter);
    }

    @Override
    protected void loseAll() {
      SERVER.counters.clear();
    }

    @Override
    protected long clockFloor() {
      return (System.currentTimeMillis() - 60_000L) * 1_000_000L; // this store counts nanoseconds
    }
  }

  @Nested
  class Bus extends NumberedBusContract {
    @Override
    protected InvalidationBus newBus() {
      return new MemoryBus(SERVER);
    }

    @Override
    protected void breakConnection(InvalidationBus bus) {
      ((MemoryBus) bus).disconnect();
    }

    @Override
    protected void restoreConnection(InvalidationBus bus) {
      ((MemoryBus) bus).reconnect();
    }

    @Override
    protected void loseKeysMessage(InvalidationBus publisher, String cache, List<String> keys) {
      ((MemoryBus) publisher).advance(keys);
    }
  }

  /** The in-memory bus also reports every loss of its connection. */
  @Nested
  class BusLosses extends LossReportingBusContract {
    @Override
    protected InvalidationBus newBus() {
      return new MemoryBus(SERVER);
    }

    @Override
    protected void breakConnection(InvalidationBus bus) {
      ((MemoryBus) bus).disconnect();
    }

    @Override
    protected void restoreConnection(InvalidationBus bus) {
      ((MemoryBus) bus).reconnect();
    }
  }

  @Nested
  class Composed extends ComposedTierContract {
    @Override
    protected Tier<String, String> newTier(String cache) {
      MemoryStore store = new MemoryStore(SERVER);
      return Tiers.compose(store)
          .leases(new MemoryLeases(store, Duration.ofSeconds(2)))
          .versions(new MemoryVersions(SERVER))
          .bus(new MemoryBus(SERVER))
          .build();
    }
  }
}
