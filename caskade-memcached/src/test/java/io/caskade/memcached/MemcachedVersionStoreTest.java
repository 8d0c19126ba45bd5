package io.caskade.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.memcached.internal.ItemKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Counters that never go back, even when memcached loses them. */
class MemcachedVersionStoreTest {

  private static String name() {
    return "c-" + UUID.randomUUID().toString().substring(0, 8) + "/tag/t";
  }

  @Test
  void aMissingCounterStartsAtTheClockFloorAndBumpsGoUp() {
    try (Servers s = Servers.start(2); MemcachedFleet fleet = MemcachedFleet.connect(s.uri())) {
      MemcachedVersionStore versions = fleet.versions();
      String c = name();
      long before = MemcachedVersionStore.floor();
      long v0 = versions.read(c);
      assertThat(v0).isGreaterThanOrEqualTo(before);
      assertThat(versions.read(c)).isEqualTo(v0);
      long v1 = versions.bump(c);
      long v2 = versions.bump(c);
      assertThat(v1).isGreaterThan(v0);
      assertThat(v2).isGreaterThan(v1);
      assertThat(versions.readAll(List.of(c, name()))[0]).isEqualTo(v2);
    }
  }

  @Test
  void aDeletedOrEvictedCounterComesBackAboveEveryNumberIssued() {
    try (Servers s = Servers.start(3); MemcachedFleet fleet = MemcachedFleet.connect(s.uri())) {
      MemcachedVersionStore versions = fleet.versions();
      String c = name();
      long issued = 0;
      for (int i = 0; i < 50; i++) {
        issued = versions.bump(c);
      }
      String key = ItemKeys.counter(c);
      assertThat(s.of(fleet.serverOf(key)).command("delete " + key)).isEqualTo("DELETED");
      assertThat(versions.read(c)).isGreaterThan(issued);
      long afterLoss = versions.read(c);
      s.of(fleet.serverOf(key)).command("delete " + key);
      assertThat(versions.bump(c)).isGreaterThan(afterLoss);
    }
  }

  @Test
  void aServerRestartedEmptyNeverReissuesANumber() throws Exception {
    try (Servers s = Servers.start(1); MemcachedFleet fleet = MemcachedFleet.connect(s.uri())) {
      MemcachedVersionStore versions = fleet.versions();
      String c = name();
      long issued = versions.bump(c);
      s.get(0).restart();
      long after = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
          .ignoreExceptionsInstanceOf(io.caskade.tier.TierException.class) // reconnecting
          .until(() -> versions.read(c), v -> true);
      assertThat(after).isGreaterThan(issued);
    }
  }

  @Test
  void garbageUnderACounterKeyIsReplacedAtTheFloor() {
    try (Servers s = Servers.start(1); MemcachedFleet fleet = MemcachedFleet.connect(s.uri())) {
      String c = name();
      String key = ItemKeys.counter(c);
      long before = MemcachedVersionStore.floor();
      s.get(0).command("set " + key + " 0 0 3\r\nabc");
      assertThat(fleet.versions().read(c)).isGreaterThanOrEqualTo(before);
    }
  }

  @Test
  void concurrentBumpsNeverReturnTheSameNumber() throws Exception {
    try (Servers s = Servers.start(1); MemcachedFleet fleet = MemcachedFleet.connect(s.uri())) {
      MemcachedVersionStore versions = fleet.versions();
      String c = name();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Long>> bumps = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        bumps.add(pool.submit(() -> {
          for (int attempt = 0; ; attempt++) {
            try {
              return versions.bump(c);
            } catch (io.caskade.tier.TierException contended) {
              if (attempt > 20) {
                throw contended;
              }
            }
          }
        }));
      }
      Set<Long> seen = Collections.synchronizedSet(new HashSet<>());
      for (Future<Long> f : bumps) {
        assertThat(seen.add(f.get())).as("a number issued twice").isTrue();
      }
      pool.shutdown();
    }
  }
}
