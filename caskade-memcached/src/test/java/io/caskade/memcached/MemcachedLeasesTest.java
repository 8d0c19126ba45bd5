package io.caskade.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.codec.KeyCodec;
import io.caskade.codec.StringCodec;
import io.caskade.entry.Entry;
import io.caskade.tier.Lease;
import io.caskade.time.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leases held in the value's key, against real memcached servers; two "instances" per test. */
class MemcachedLeasesTest {

  private static Servers servers;
  private static MemcachedFleet fleet;

  private FakeClock clock;
  private MemcachedStore<String, String> a;
  private MemcachedStore<String, String> b;

  @BeforeAll
  static void startServers() {
    servers = Servers.start(2);
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
  void twoInstances() {
    clock = new FakeClock(System.currentTimeMillis() * 1_000_000L);
    String cache = "leases-" + UUID.randomUUID().toString().substring(0, 8);
    a = store(cache, Duration.ofSeconds(2));
    b = store(cache, Duration.ofSeconds(2));
  }

  private MemcachedStore<String, String> store(String cache, Duration leaseTtl) {
    MemcachedStore<String, String> s = MemcachedStore.builder(fleet, KeyCodec.strings(),
        StringCodec.utf8()).leaseTtl(leaseTtl).build();
    s.bind(new Bound(cache, clock));
    return s;
  }

  private Entry<String> entry(String value, Duration fresh) {
    long now = clock.nanos();
    return Entry.of(value, now, now + fresh.toNanos(), now + fresh.toNanos() * 3,
        now + fresh.toNanos() * 3, 5, 1, Map.of());
  }

  @Test
  void theFirstInstanceGetsTheLeaseTheOtherWaitsAndReadsAMiss() {
    Lease first = a.leases().acquire("k");
    assertThat(first.isGranted()).isTrue();
    assertThat(b.leases().acquire("k").isGranted()).isFalse();
    assertThat(b.get("k")).as("a placeholder reads as a miss").isNull();
    assertThat(a.leases().fill("k", entry("v", Duration.ofMinutes(1)), first)).isTrue();
    assertThat(b.get("k").value()).isEqualTo("v");
  }

  @Test
  void anInvalidationVoidsTheLeaseSoTheOldRowIsNeverPutBack() {
    Lease lease = a.leases().acquire("k");
    b.delete(List.of("k")); // a write elsewhere, after our source read
    assertThat(a.leases().fill("k", entry("old", Duration.ofMinutes(1)), lease)).isFalse();
    assertThat(b.get("k")).isNull();
  }

  @Test
  void aPutVoidsTheLeaseAndKeepsTheNewerValue() {
    Lease lease = a.leases().acquire("k");
    b.put("k", entry("written", Duration.ofMinutes(1)));
    assertThat(a.leases().fill("k", entry("loaded-before", Duration.ofMinutes(1)), lease)).isFalse();
    assertThat(b.get("k").value()).isEqualTo("written");
  }

  @Test
  void aNewLeaseAfterAnInvalidationDoesNotAcceptTheOldHoldersFill() {
    Lease old = a.leases().acquire("k");
    b.delete(List.of("k"));
    Lease fresh = b.leases().acquire("k");
    assertThat(fresh.isGranted()).isTrue();
    assertThat(a.leases().fill("k", entry("old", Duration.ofMinutes(1)), old)).isFalse();
    assertThat(b.leases().fill("k", entry("new", Duration.ofMinutes(1)), fresh)).isTrue();
    assertThat(a.get("k").value()).isEqualTo("new");
  }

  @Test
  void releaseFreesTheKeyAtOnce() {
    Lease lease = a.leases().acquire("k");
    a.leases().release("k", lease);
    assertThat(b.leases().acquire("k").isGranted()).isTrue();
  }

  @Test
  void anExpiredLeaseIsTakenOverAndItsHolderCanNoLongerFill() throws Exception {
    MemcachedStore<String, String> slow = store(a.context().cache(), Duration.ofMillis(200));
    Lease stale = slow.leases().acquire("k");
    assertThat(b.leases().acquire("k").isGranted()).isFalse();
    Thread.sleep(300); // past the deadline; memcached still holds the placeholder (1 s)
    Lease takeover = b.leases().acquire("k");
    assertThat(takeover.isGranted()).isTrue();
    assertThat(slow.leases().fill("k", entry("late", Duration.ofMinutes(1)), stale)).isFalse();
    assertThat(b.leases().fill("k", entry("fresh", Duration.ofMinutes(1)), takeover)).isTrue();
    assertThat(a.get("k").value()).isEqualTo("fresh");
  }

  @Test
  void aStaleEntryIsStillServedWhileItsRefreshIsLeased() {
    a.put("k", entry("stale", Duration.ofSeconds(1)));
    clock.advance(Duration.ofSeconds(2)); // past fresh, within stale
    Lease lease = a.leases().acquire("k");
    assertThat(lease.isGranted()).isTrue();
    assertThat(b.get("k").value()).as("readers keep the stale entry").isEqualTo("stale");
    assertThat(b.leases().acquire("k").isGranted()).isFalse();
    a.leases().release("k", lease);
    assertThat(b.get("k").value()).as("release puts the stale entry back").isEqualTo("stale");
    Lease again = b.leases().acquire("k");
    assertThat(b.leases().fill("k", entry("refreshed", Duration.ofMinutes(1)), again)).isTrue();
    assertThat(a.get("k").value()).isEqualTo("refreshed");
  }
}
