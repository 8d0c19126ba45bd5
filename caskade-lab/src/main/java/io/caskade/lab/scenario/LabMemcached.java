package io.caskade.lab.scenario;

import io.caskade.codec.JacksonCodec;
import io.caskade.codec.KeyCodec;
import io.caskade.lab.source.User;
import io.caskade.memcached.MemcachedConfig;
import io.caskade.memcached.MemcachedFleet;
import io.caskade.memcached.MemcachedStore;
import io.caskade.testkit.MemcachedProcess;
import io.caskade.tier.Tier;
import io.caskade.tier.compose.Tiers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three memcached servers the lab starts itself (on free ports, stopped by pid) and the
 * connections to them: the {@code --l2 memcached} tier. Each cache instance gets its own store,
 * composed with Memcached leases and versions; there is no bus (none needs Redis or PostgreSQL
 * here), so the instances' L1 is bounded by {@link #L1_BOUND}.
 */
final class LabMemcached implements AutoCloseable {

  /** How long an L1 copy may live without a bus to tell it about other instances' writes. */
  static final Duration L1_BOUND = Duration.ofSeconds(1);

  /**
   * The Redis tier's default command timeout: the lab saturates its cores with client threads,
   * and a shorter timeout there turns scheduling delays into failed lease calls (each a local load).
   */
  static final Duration OPERATION_TIMEOUT = Duration.ofMillis(500);

  private static LabMemcached shared;

  private final List<MemcachedProcess> servers;
  private final MemcachedFleet fleet;
  private String lastCache;

  private LabMemcached(List<MemcachedProcess> servers) {
    this.servers = servers;
    this.fleet = MemcachedFleet.connect(MemcachedConfig.builder(MemcachedProcess.uri(servers))
        .operationTimeout(OPERATION_TIMEOUT).breakerOpenFor(Duration.ofMillis(500))
        .build());
  }

  /** Three fresh servers of a scenario's own (the outage scenario kills one). */
  static LabMemcached start() {
    if (!MemcachedProcess.available()) {
      throw new IllegalStateException("--l2 memcached needs the memcached binary on PATH; "
          + "install it (Debian/Ubuntu: sudo apt-get install memcached; macOS: brew install "
          + "memcached) or run with --l2 redis");
    }
    List<MemcachedProcess> started = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        started.add(MemcachedProcess.start());
      }
    } catch (RuntimeException e) {
      started.forEach(MemcachedProcess::close);
      throw e;
    }
    return new LabMemcached(started);
  }

  /** The servers the whole lab run shares, started on first use and stopped at exit. */
  static synchronized LabMemcached shared() {
    if (shared == null) {
      LabMemcached s = start();
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
      System.out.println("memcached: started " + s.servers.size() + " servers for the lab ("
          + MemcachedProcess.uri(s.servers) + ")");
      shared = s;
    }
    return shared;
  }

  /**
   * One instance's tier of the fleet-wide cache {@code cacheName}. The lab's caches all carry the
   * same name ({@code users}), so the servers are emptied ({@code flush_all}) when a new
   * fleet-wide cache starts: no variant reads another's entries. The versions go with them and
   * come back above the clock floor, as after any loss.
   */
  synchronized Tier<Long, User> tier(String cacheName) {
    if (!cacheName.equals(lastCache)) {
      servers.forEach(s -> {
        if (s.isAlive()) {
          s.command("flush_all");
        }
      });
      lastCache = cacheName;
    }
    MemcachedStore<Long, User> store = MemcachedStore.builder(fleet, KeyCodec.longs(),
        JacksonCodec.of(User.class)).build();
    return Tiers.compose(store).leases(store.leases()).versions(fleet.versions()).noBus()
        .build();
  }

  /** Server {@code i}. */
  MemcachedProcess server(int i) {
    return servers.get(i);
  }

  @Override
  public void close() {
    fleet.close();
    servers.forEach(MemcachedProcess::close);
  }
}
