package io.caskade.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.contracts.ComposedTierContract;
import io.caskade.contracts.ContractContext;
import io.caskade.tier.Tier;
import io.caskade.tier.compose.Tiers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two caches (two application instances) over a shared store and the PostgreSQL bus: what one
 * invalidates, puts or clears leaves the other's L1 (the composed-tier contract), and the same
 * after the bus lost its connection; without a bus the other's L1 keeps the old value, which is
 * what the bus is for. The store is test scaffolding ({@link SharedMapStore}): only the bus is
 * under test.
 */
class PostgresBusCoherenceIT extends ComposedTierContract {

  private TestPostgres pg;
  private final SharedMapStore.Server server = new SharedMapStore.Server();
  private final Map<String, String> source = new ConcurrentHashMap<>();
  private final List<Cache<String, String>> own = new ArrayList<>();
  private final List<PostgresBusHub> hubs = new ArrayList<>();

  @BeforeEach
  void connect() {
    pg = new TestPostgres();
  }

  @AfterEach
  void closeAll() {
    own.forEach(Cache::close);
    own.clear();
    pg.close();
    hubs.clear();
  }

  @Override
  protected Tier<String, String> newTier(String cache) {
    PostgresBusHub hub = pg.hub();
    hubs.add(hub);
    return Tiers.compose(new SharedMapStore(server.entries()))
        .noLeases()
        .versions(new SharedMapStore.Versions(server.counters()))
        .bus(hub.bus())
        .build();
  }

  private Cache<String, String> cache(String name, Tier<String, String> tier) {
    Cache<String, String> cache = Caskade.<String, String>builder(name)
        .loader(source::get)
        .ttl(Duration.ofMinutes(10))
        .l2(tier)
        .build();
    own.add(cache);
    return cache;
  }

  @Test
  void afterTheBusLostItsConnectionTheOthersL1IsCleared() {
    String name = ContractContext.uniqueCacheName();
    Cache<String, String> a = cache(name, newTier(name));
    Cache<String, String> b = cache(name, newTier(name));
    PostgresBusHub hubOfB = hubs.get(1);
    await().atMost(patience()).until(() -> hubs.get(0).isConnected() && hubOfB.isConnected());
    source.put("k", "v1");
    assertThat(b.get("k")).isEqualTo("v1");

    assertThat(pg.terminateListener(hubOfB)).isEqualTo(1);
    source.put("k", "v2");
    a.invalidate("k"); // B may be deaf right now

    await("B to serve the new value once its bus is back").atMost(patience())
        .until(() -> "v2".equals(b.get("k")));
    await().atMost(patience()).until(hubOfB::isConnected);
  }

  @Test
  void withoutABusTheOthersL1KeepsTheOldValue() {
    String name = ContractContext.uniqueCacheName();
    Cache<String, String> a = cache(name, noBusTier());
    Cache<String, String> b = cache(name, noBusTier());
    source.put("k", "v1");
    assertThat(b.get("k")).isEqualTo("v1");

    source.put("k", "v2");
    a.invalidate("k");

    assertThat(a.get("k")).isEqualTo("v2");
    assertThat(b.get("k")).as("B's L1 without a bus").isEqualTo("v1");
  }

  private Tier<String, String> noBusTier() {
    return Tiers.compose(new SharedMapStore(server.entries()))
        .noLeases()
        .versions(new SharedMapStore.Versions(server.counters()))
        .noBus()
        .build();
  }
}
