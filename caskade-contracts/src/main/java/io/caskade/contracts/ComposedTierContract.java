package io.caskade.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.tier.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The parts of a tier composed by {@link io.caskade.tier.compose.Tiers#compose}, under two caches of the
 * same name (two instances of an application): what one invalidates, writes or clears reaches the
 * other's L1, and an entry one loaded is served to the other from the shared store.
 *
 * <p>The module implements {@link #newTier(String)}: a composed tier over its store, leases,
 * version store and bus.
 */
public abstract class ComposedTierContract {

  private final List<Cache<String, String>> caches = new ArrayList<>();
  private final Map<String, String> source = new ConcurrentHashMap<>();
  private final AtomicInteger loads = new AtomicInteger();

  /**
   * A new tier for cache {@code cache} ({@code String} keys and values, with a bus) on the servers
   * under test: each call another instance (new clients, or a share of the application's).
   */
  protected abstract Tier<String, String> newTier(String cache);

  /** How long an invalidation may take to reach the other instance (default 15 s). */
  protected Duration patience() {
    return Duration.ofSeconds(15);
  }

  /** A cache named {@code name} over a new tier, loading from the test's source. */
  protected final Cache<String, String> cache(String name) {
    Cache<String, String> cache = Caskade.<String, String>builder(name)
        .loader(key -> {
          loads.incrementAndGet();
          return source.get(key);
        })
        .ttl(Duration.ofMinutes(10))
        .l2(newTier(name))
        .build();
    caches.add(cache);
    return cache;
  }

  @AfterEach
  void closeCaches() {
    caches.forEach(Cache::close);
    caches.clear();
  }

  @Test
  void anEntryLoadedByOneInstanceIsServedToTheOtherFromTheStore() {
    String name = ContractContext.uniqueCacheName();
    Cache<String, String> a = cache(name);
    Cache<String, String> b = cache(name);
    source.put("k", "v1");

    assertThat(a.get("k")).isEqualTo("v1");
    assertThat(b.get("k")).isEqualTo("v1");

    assertThat(loads.get()).as("loads from the source").isEqualTo(1);
  }

  @Test
  void anInvalidationOnOneInstanceReachesTheOthersL1() {
    String name = ContractContext.uniqueCacheName();
    Cache<String, String> a = cache(name);
    Cache<String, String> b = cache(name);
    source.put("k", "v1");
    assertThat(b.get("k")).isEqualTo("v1"); // now in B's L1
    assertThat(a.get("k")).isEqualTo("v1");

    source.put("k", "v2");
    a.invalidate("k");

    await("B's L1 to drop the key").atMost(patience()).until(() -> "v2".equals(b.get("k")));
  }

  @Test
  void aPutOnOneInstanceReachesTheOthersL1() {
    String name = ContractContext.uniqueCacheName();
    Cache<String, String> a = cache(name);
    Cache<String, String> b = cache(name);
    source.put("k", "v1");
    assertThat(b.get("k")).isEqualTo("v1");

    a.put("k", "put by A");

    await("B to see A's put").atMost(patience()).until(() -> "put by A".equals(b.get("k")));
  }

  @Test
  void aClearOnOneInstanceReachesTheOthersL1() {
    String name = ContractContext.uniqueCacheName();
    Cache<String, String> a = cache(name);
    Cache<String, String> b = cache(name);
    source.put("k1", "v1");
    source.put("k2", "v1");
    assertThat(b.getAll(List.of("k1", "k2"))).containsOnlyKeys("k1", "k2");

    source.put("k1", "v2");
    source.put("k2", "v2");
    a.invalidateAll();

    await("B's L1 to be cleared").atMost(patience())
        .until(() -> "v2".equals(b.get("k1")) && "v2".equals(b.get("k2")));
  }

  @Test
  void anotherCacheIsLeftAlone() {
    Cache<String, String> users = cache(ContractContext.uniqueCacheName());
    Cache<String, String> orders = cache(ContractContext.uniqueCacheName());
    source.put("k", "v1");
    assertThat(orders.get("k")).isEqualTo("v1");
    int before = loads.get();

    users.invalidate("k");
    users.invalidateAll();

    assertThat(orders.get("k")).isEqualTo("v1");
    assertThat(loads.get()).as("loads after another cache's invalidations").isEqualTo(before);
  }
}
