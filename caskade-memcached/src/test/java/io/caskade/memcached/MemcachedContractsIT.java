package io.caskade.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.caskade.codec.KeyCodec;
import io.caskade.codec.StringCodec;
import io.caskade.contracts.ComposedTierContract;
import io.caskade.contracts.ContractContext;
import io.caskade.contracts.LeasesContract;
import io.caskade.contracts.TierStoreContract;
import io.caskade.contracts.VersionStoreContract;
import io.caskade.memcached.internal.ItemKeys;
import io.caskade.postgres.PostgresBusHub;
import io.caskade.testkit.MemcachedProcess;
import io.caskade.testkit.PostgresServers;
import io.caskade.tier.Leases;
import io.caskade.tier.Tier;
import io.caskade.tier.TierStore;
import io.caskade.tier.VersionStore;
import io.caskade.tier.compose.Tiers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The contract suites on three real memcached processes of the test's own (ketama over them):
 * store, leases and version store; and the composed tier with the PostgreSQL bus — a Memcached +
 * PostgreSQL deployment keeping two caches' L1s coherent without Redis.
 */
class MemcachedContractsIT {

  private static Servers servers;
  private static MemcachedFleet fleet;

  @BeforeAll
  static void start() {
    servers = Servers.start(3);
    fleet = MemcachedFleet.connect(servers.uri());
  }

  @AfterAll
  static void stop() {
    fleet.close();
    servers.close();
  }

  private static MemcachedStore<String, String> store(MemcachedFleet on, Duration leaseTtl) {
    return MemcachedStore.builder(on, KeyCodec.strings(), StringCodec.utf8())
        .leaseTtl(leaseTtl).build();
  }

  /** {@code set} of raw bytes (not limited to ASCII) on the server holding {@code itemKey}. */
  private static void setRaw(String itemKey, byte[] bytes) {
    MemcachedProcess p = servers.of(fleet.serverOf(itemKey));
    try (Socket s = new Socket("127.0.0.1", p.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("set " + itemKey + " 0 60 " + bytes.length + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String reply = new BufferedReader(new InputStreamReader(s.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
      assertThat(reply).isEqualTo("STORED");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Nested
  class Store extends TierStoreContract {
    @Override
    protected TierStore<String, String> newStore(String cache) {
      return store(fleet, Duration.ofSeconds(5));
    }

    @Override
    protected void writeRaw(TierStore<String, String> store, ContractContext context, String key,
        byte[] bytes) {
      setRaw(((MemcachedStore<String, String>) store).itemKey(key), bytes);
    }
  }

  @Nested
  class Lease extends LeasesContract {
    @Override
    protected TierStore<String, String> newStore(String cache) {
      return store(fleet, leaseTtl());
    }

    @Override
    protected Leases<String, String> newLeases(TierStore<String, String> store) {
      return ((MemcachedStore<String, String>) store).leases();
    }

    @Override
    protected Duration leaseTtl() {
      return Duration.ofSeconds(1);
    }
  }

  @Nested
  class Versions extends VersionStoreContract {
    @Override
    protected VersionStore newVersionStore() {
      return fleet.versions();
    }

    @Override
    protected void loseCounter(String counter) {
      String key = ItemKeys.counter(counter);
      servers.of(fleet.serverOf(key)).command("delete " + key);
    }

    @Override
    protected void loseAll() {
      for (MemcachedProcess p : servers.processes) {
        assertThat(p.command("flush_all")).isEqualTo("OK");
      }
    }
  }

  @Nested
  class WithPostgresBus extends ComposedTierContract {
    private final List<AutoCloseable> owned = new ArrayList<>();

    @AfterEach
    void closeOwned() throws Exception {
      for (AutoCloseable c : owned) {
        c.close();
      }
      owned.clear();
    }

    @Override
    protected Tier<String, String> newTier(String cache) {
      String url = PostgresServers.jdbcUrl();
      assumeTrue(url != null, "no PostgreSQL (set PG_URL or run one on 127.0.0.1:5432)");
      MemcachedFleet own = MemcachedFleet.connect(servers.uri()); // another application instance
      PostgresBusHub hub = PostgresBusHub.builder().url(url).user(PostgresServers.user())
          .password(PostgresServers.password()).build();
      owned.add(hub);
      owned.add(own);
      MemcachedStore<String, String> store = store(own, Duration.ofSeconds(5));
      return Tiers.compose(store)
          .leases(store.leases())
          .versions(own.versions())
          .bus(hub.bus())
          .build();
    }
  }
}
