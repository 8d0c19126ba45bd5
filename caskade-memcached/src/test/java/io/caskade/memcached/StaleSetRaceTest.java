package io.caskade.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.Cache;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stale-set race, forced: instance A misses, reads the source (old row), then — before A's
 * fill — instance B writes the new row to the source and invalidates the key. With leases the
 * invalidation voids A's lease (its placeholder is deleted, so the CAS fill fails) and nobody
 * reads the old row from memcached again. Without leases A's fill lands after the delete and the
 * old row IS found: the test can fail.
 */
class StaleSetRaceTest {

  private static Servers servers;

  @BeforeAll
  static void start() {
    servers = Servers.start(2);
  }

  @AfterAll
  static void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void withLeasesTheOldRowNeverComesBack() {
    assertThat(raceAndReadBack(true)).isEqualTo("new");
  }

  @Test
  void withoutLeasesTheOldRowIsFound() {
    assertThat(raceAndReadBack(false)).as("the race is real: without leases the old row lands")
        .isEqualTo("old");
  }

  /** Forces the interleaving, then asks a third instance (no L1) what memcached serves. */
  private String raceAndReadBack(boolean leases) {
    String name = "race-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> source = new ConcurrentHashMap<>(Map.of("k", "old"));
    AtomicReference<Cache<String, String>> writer = new AtomicReference<>();
    AtomicInteger readerLoads = new AtomicInteger();
    try (Instances fleet = new Instances(MemcachedConfig.of(servers.uri()))) {
      Cache<String, String> a = fleet.instance(name, leases, k -> {
        String read = source.get(k); // the source read...
        source.put(k, "new");        // ...then a write elsewhere, before this load's fill
        writer.get().invalidate(k);
        return read;
      }, b -> b).cache();
      writer.set(fleet.instance(name, leases, source::get, b -> b.disableL1()).cache());
      Cache<String, String> reader = fleet.instance(name, leases, k -> {
        readerLoads.incrementAndGet();
        return source.get(k);
      }, b -> b.disableL1()).cache();

      assertThat(a.get("k")).isEqualTo("old"); // A's caller saw the row it read: fine
      String served = reader.get("k");
      assertThat(readerLoads.get()).isEqualTo(served.equals("new") ? 1 : 0);
      return served;
    }
  }
}
