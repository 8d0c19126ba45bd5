package io.caskade.benchmarks;

import com.spotify.folsom.AsciiMemcacheClient;
import com.spotify.folsom.MemcacheClientBuilder;
import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.codec.KeyCodec;
import io.caskade.codec.StringCodec;
import io.caskade.memcached.MemcachedConfig;
import io.caskade.memcached.MemcachedFleet;
import io.caskade.memcached.MemcachedServer;
import io.caskade.memcached.MemcachedStore;
import io.caskade.testkit.MemcachedProcess;
import io.caskade.tier.compose.Tiers;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The memcached of the Memcached benchmarks: {@code MEMCACHED_URL} ({@code memcached://host:port})
 * if set, else a memcached process of the benchmark's own on a free port, stopped at teardown.
 * Caches over it have L1 off and a composed tier (store, leases, versions, no bus).
 */
final class Memcached implements AutoCloseable {

  final String uri;
  final MemcachedFleet fleet;
  final MemcachedStore<Long, String> store;
  final Cache<Long, String> cache;
  /** The raw baseline: Folsom's string client (UTF-8), the client caskade-memcached uses. */
  final AsciiMemcacheClient<String> raw;
  private final MemcachedProcess process;

  Memcached(String cacheName) {
    String url = System.getenv("MEMCACHED_URL");
    this.process = url == null ? MemcachedProcess.start() : null;
    this.uri = url != null ? url : process.uri();
    this.fleet = MemcachedFleet.connect(MemcachedConfig.builder(uri)
        .operationTimeout(Duration.ofSeconds(1)).build());
    this.store = MemcachedStore.builder(fleet, KeyCodec.longs(), StringCodec.utf8()).build();
    this.cache = Caskade.<Long, String>builder(cacheName)
        .disableL1()
        .l2(Tiers.compose(store).leases(store.leases()).versions(fleet.versions()).noBus()
            .build())
        .loader(k -> {
          throw new IllegalStateException("no load expected in " + cacheName);
        })
        .ttl(Duration.ofHours(1))
        .build();
    MemcachedServer server = fleet.config().servers().get(0);
    this.raw = MemcacheClientBuilder.newStringClient()
        .withAddress(server.host(), server.port())
        .connectAscii();
    try {
      raw.awaitConnected(5, TimeUnit.SECONDS);
    } catch (TimeoutException | InterruptedException e) {
      throw new IllegalStateException("raw folsom client did not connect to " + server, e);
    }
  }

  /** True when the running benchmark method is one of the Memcached ones. */
  static boolean runs(org.openjdk.jmh.infra.BenchmarkParams params) {
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    return method.toLowerCase(java.util.Locale.ROOT).contains("memcached");
  }

  /** A raw set, waited for. */
  void rawSet(String key, String value) {
    await(raw.set(key, value, 3600).toCompletableFuture());
  }

  /** A raw get, waited for. */
  String rawGet(String key) {
    return await(raw.get(key).toCompletableFuture());
  }

  static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
    try {
      return f.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      cache.close();
      raw.shutdown();
      fleet.close();
    } finally {
      if (process != null) {
        process.close();
      }
    }
  }
}
