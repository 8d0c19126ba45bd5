package io.caskade.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caskade.codec.KeyCodec;
import io.caskade.codec.StringCodec;
import io.caskade.entry.Entry;
import io.caskade.tier.TierException;
import io.caskade.tier.ValueTooLargeException;
import io.caskade.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store against three real memcached servers. */
class MemcachedStoreTest {

  private static Servers servers;
  private static MemcachedFleet fleet;

  private FakeClock clock;
  private MemcachedStore<String, String> store;

  @BeforeAll
  static void startServers() {
    servers = Servers.start(3);
    fleet = MemcachedFleet.connect(servers.uri());
  }

  @AfterAll
  static void stopServers() {
    if (fleet != null) {
      fleet.close();
    }
    if (servers != null) {
      servers.close();
    }
  }

  @BeforeEach
  void newStore() {
    clock = new FakeClock(System.currentTimeMillis() * 1_000_000L);
    store = MemcachedStore.builder(fleet, KeyCodec.strings(), StringCodec.utf8()).build();
    store.bind(new Bound("store-" + UUID.randomUUID().toString().substring(0, 8), clock));
  }

  private Entry<String> entry(String value, Duration ttl) {
    long now = clock.nanos();
    long until = now + ttl.toNanos();
    return Entry.of(value, now, until, until, until, 5, 1, Map.of());
  }

  @Test
  void roundTripsAnEntryInTheSharedEnvelope() {
    Entry<String> e = entry("v1", Duration.ofMinutes(5));
    store.put("k", e);
    assertThat(store.get("k")).isEqualTo(e);
    assertThat(store.get("other")).isNull();
    assertThat(store.stats().hits()).isEqualTo(1);
    assertThat(store.stats().misses()).isEqualTo(1);
  }

  @Test
  void anEntryIsNeverServedPastItsExpiry() {
    store.put("k", entry("v", Duration.ofSeconds(30)));
    clock.advance(Duration.ofSeconds(31)); // memcached still holds it; the store does not serve it
    assertThat(store.get("k")).isNull();
  }

  @Test
  void memcachedDropsTheItemAtItsExpiry() throws Exception {
    store.put("k", entry("v", Duration.ofMillis(500))); // rounded up to 1 s
    String itemKey = store.itemKey("k");
    assertThat(servers.of(fleet.serverOf(itemKey)).command("get " + itemKey)).startsWith("VALUE");
    TimeUnit.MILLISECONDS.sleep(2100);
    assertThat(servers.of(fleet.serverOf(itemKey)).command("get " + itemKey)).isEqualTo("END");
  }

  @Test
  void batchesSpanEveryServerAndReturnOnlyHits() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keys.add("k" + i);
      if (i % 2 == 0) {
        store.put("k" + i, entry("v" + i, Duration.ofMinutes(1)));
      }
    }
    assertThat(Set.copyOf(keys.stream().map(k -> fleet.serverOf(store.itemKey(k))).toList()))
        .as("ketama spreads the keys over the three servers").hasSize(3);
    Map<String, Entry<String>> found = store.getAll(keys);
    assertThat(found).hasSize(50);
    found.forEach((k, e) -> assertThat(e.value()).isEqualTo("v" + k.substring(1)));
  }

  @Test
  void deleteRemovesEntries() {
    store.put("a", entry("1", Duration.ofMinutes(1)));
    store.put("b", entry("2", Duration.ofMinutes(1)));
    store.delete(List.of("a", "b"));
    assertThat(store.getAll(List.of("a", "b"))).isEmpty();
  }

  @Test
  void corruptBytesAreACountedMissNeverAnException() {
    store.put("k", entry("v", Duration.ofMinutes(1)));
    String itemKey = store.itemKey("k");
    assertThat(servers.of(fleet.serverOf(itemKey)).command("set " + itemKey + " 0 60 7\r\ngarbage"))
        .isEqualTo("STORED");
    assertThat(store.get("k")).isNull();
    assertThat(store.getAll(List.of("k"))).isEmpty();
    assertThat(store.stats().corrupt()).isEqualTo(2);
  }

  @Test
  void longAndOddKeysAreHashedIntoMemcachedsKeyRules() {
    String longKey = "x".repeat(400);
    String odd = "a key with spaces\nand é";
    store.put(longKey, entry("long", Duration.ofMinutes(1)));
    store.put(odd, entry("odd", Duration.ofMinutes(1)));
    assertThat(store.itemKey(longKey)).startsWith("caskade:#").hasSize(49);
    assertThat(store.itemKey(odd)).startsWith("caskade:#");
    assertThat(store.itemKey("plain")).endsWith(":plain");
    assertThat(store.get(longKey).value()).isEqualTo("long");
    assertThat(store.get(odd).value()).isEqualTo("odd");
  }

  @Test
  void aValueOverTheItemLimitIsRefusedLoudly() {
    String big = "x".repeat(1024 * 1024);
    assertThatThrownBy(() -> store.put("big", entry(big, Duration.ofMinutes(1))))
        .isInstanceOf(ValueTooLargeException.class)
        .hasMessageContaining("maxItemBytes");
    assertThat(store.stats().oversized()).isEqualTo(1);
    assertThat(store.get("big")).isNull();
    String fits = "x".repeat(1024 * 1024 - 2048);
    store.put("fits", entry(fits, Duration.ofMinutes(1)));
    assertThat(store.get("fits").value()).hasSize(fits.length());
  }

  @Test
  void oneCacheReadWaitsOneTimeoutOnAHungServerNotOnePerRoundTrip() {
    try (Servers one = Servers.start(1);
        Instances instances = new Instances(MemcachedConfig.builder(one.uri())
            .operationTimeout(Duration.ofMillis(200)).build())) {
      Instances.Instance i = instances.instance("hung", true, k -> "loaded-" + k,
          b -> b.disableL1());
      i.cache().get("warm"); // versions read while the server answers
      one.get(0).pause();
      try {
        assertThat(i.cache().get("k")).isEqualTo("loaded-k"); // a miss, loaded from the source
        MemcachedStoreStats stats = i.store().stats();
        // one round trip waited (the get, until the timeout); nothing after it waited again:
        // the cache stopped asking, or the call's budget refused (budgetSpent)
        assertThat(stats.errors() - stats.budgetSpent()).isEqualTo(1);
      } finally {
        one.get(0).resume();
      }
    }
  }

  @Test
  void aValueTheServerRefusesForItsSizeIsValueTooLargeToo() {
    // the configuration claims 4 MiB items, the server keeps its default 1 MiB: the server says no
    try (Servers one = Servers.start(1);
        MemcachedFleet f = MemcachedFleet.connect(MemcachedConfig.builder(one.uri())
            .maxItemBytes(4 * 1024 * 1024).build())) {
      MemcachedStore<String, String> s = MemcachedStore.builder(f, KeyCodec.strings(),
          StringCodec.utf8()).build();
      s.bind(new Bound("server-limit", clock));
      assertThatThrownBy(() -> s.put("big", entry("x".repeat(2 * 1024 * 1024),
          Duration.ofMinutes(1)))).isInstanceOf(ValueTooLargeException.class);
      assertThat(s.get("big")).isNull();
    }
  }

  @Test
  void aNewGenerationMakesEveryEntryUnreachable() {
    Bound ctx = new Bound("gen-" + UUID.randomUUID(), clock);
    MemcachedStore<String, String> s = MemcachedStore.builder(fleet, KeyCodec.strings(),
        StringCodec.utf8()).build();
    s.bind(ctx);
    s.put("k", entry("v", Duration.ofMinutes(1)));
    ctx.generation.incrementAndGet();
    assertThat(s.get("k")).isNull();
  }

  @Test
  void aStoppedServerIsATierExceptionWithinTheTimeout() {
    try (Servers one = Servers.start(1);
        MemcachedFleet f = MemcachedFleet.connect(MemcachedConfig.builder(one.uri())
            .operationTimeout(Duration.ofMillis(100)).build())) {
      MemcachedStore<String, String> s = MemcachedStore.builder(f, KeyCodec.strings(),
          StringCodec.utf8()).build();
      s.bind(new Bound("paused", clock));
      s.put("k", entry("v", Duration.ofMinutes(1)));
      one.get(0).pause();
      try {
        assertThatThrownBy(() -> s.get("k")).isInstanceOf(TierException.class);
        assertThat(s.stats().errors()).isEqualTo(1);
      } finally {
        one.get(0).resume();
      }
    }
  }
}
