package io.caskade;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.entry.Entry;
import io.caskade.flight.SingleFlight;
import io.caskade.metrics.CacheEventType;
import io.caskade.tier.Lease;
import io.caskade.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fill step on its own, against a lease provider with memcache's rules: a load takes its
 * ticket, "reads the source", then something happens (a write elsewhere, an invalidation heard),
 * then it fills. What may land where.
 */
class FillTest {

  private final FakeClock clock = new FakeClock();
  private final LeasedMapTier<String, String> tier = new LeasedMapTier<>();

  private CacheContext<String, String> context(boolean withL2) {
    CacheBuilder<String, String> b = Caskade.<String, String>builder("fill").clock(clock)
        .ttl(Duration.ofMinutes(1));
    if (withL2) {
      b.l2(tier);
    }
    return new CacheContext<>(CacheSpec.of(b));
  }

  private Entry<String> loaded(CacheContext<String, String> ctx, String value) {
    return ctx.entries.create("k", value, clock.nanos(), 1);
  }

  private static FillTicket<String, String> ticket(CacheContext<String, String> ctx) {
    SingleFlight.Call<Entry<String>> call = ctx.flights.join("k");
    return FillTicket.take(ctx, "k", call);
  }

  @Test
  void theStaleSetRaceCannotPutTheOldRowBackUnderALease() {
    CacheContext<String, String> ctx = context(true);
    Fill<String, String> fill = Fill.of(ctx);
    assertThat(fill).isInstanceOf(LeasedFill.class);
    FillTicket<String, String> ticket = ticket(ctx);
    Lease lease = ctx.l2.acquire("k");
    Entry<String> old = loaded(ctx, "old");     // the loader read the old row
    tier.invalidate("k");                       // another instance wrote and deleted (unheard)

    fill.store(old, lease, ticket);

    assertThat(tier.values).as("L2 after the voided fill").doesNotContainKey("k");
    assertThat(ctx.l1.get("k")).as("L1 after the voided fill").isNull();
    assertThat(ctx.events.snapshot().count(CacheEventType.FILL_REJECTED)).isEqualTo(1);
  }

  @Test
  void withoutLeasesTheSameInterleavingPutsTheOldRowBack() {
    CacheContext<String, String> ctx = context(true);
    Fill<String, String> fill = new LocalFill<>(ctx); // what a tier without leases gets
    FillTicket<String, String> ticket = ticket(ctx);
    Entry<String> old = loaded(ctx, "old");
    tier.invalidate("k");                       // the write's delete, not heard here

    fill.store(old, null, ticket);

    assertThat(tier.values.get("k").value()).as("the race the leases close").isEqualTo("old");
  }

  @Test
  void anAcceptedLeasedFillStaysOutOfL1WhenAnInvalidationIsHeardBeforeTheL1Store() {
    CacheContext<String, String> ctx = context(true);
    Fill<String, String> fill = Fill.of(ctx);
    FillTicket<String, String> ticket = ticket(ctx);
    Lease lease = ctx.l2.acquire("k");
    Entry<String> old = loaded(ctx, "old");
    tier.afterFill = () -> {                    // a write lands right after L2 accepted the fill
      tier.invalidate("k");
      ctx.l1.invalidate("k");                   // ...and its bus message is heard here
    };

    fill.store(old, lease, ticket);

    assertThat(ctx.l1.get("k")).as("L1 never keeps a value an invalidation came after").isNull();
    assertThat(tier.values).doesNotContainKey("k");
  }

  @Test
  void anAcceptedLeasedFillLandsInL1WhenNothingHappened() {
    CacheContext<String, String> ctx = context(true);
    Fill<String, String> fill = Fill.of(ctx);
    FillTicket<String, String> ticket = ticket(ctx);
    Lease lease = ctx.l2.acquire("k");

    fill.store(loaded(ctx, "v"), lease, ticket);

    assertThat(tier.values.get("k").value()).isEqualTo("v");
    assertThat(ctx.l1.get("k").value()).isEqualTo("v");
    assertThat(tier.tokens).as("the fill consumed the lease").isEmpty();
  }

  @Test
  void aLocalFillIsDroppedEverywhereWhenTheKeyWasInvalidatedDuringTheLoad() {
    CacheContext<String, String> ctx = context(false);
    Fill<String, String> fill = Fill.of(ctx);
    assertThat(fill).isInstanceOf(LocalFill.class);
    FillTicket<String, String> ticket = ticket(ctx);
    Entry<String> old = loaded(ctx, "old");
    ctx.l1.invalidate("k");                     // an invalidation heard while loading

    fill.store(old, null, ticket);

    assertThat(ctx.l1.get("k")).isNull();
    assertThat(ctx.events.snapshot().count(CacheEventType.FILL_REJECTED)).isEqualTo(1);
  }

  @Test
  void aTagOrNamespaceInvalidationDuringTheLoadVoidsTheFillAndReleasesTheLease() {
    CacheContext<String, String> ctx = context(true);
    Fill<String, String> fill = Fill.of(ctx);
    FillTicket<String, String> ticket = ticket(ctx);
    Lease lease = ctx.l2.acquire("k");
    ctx.fillEpoch.incrementAndGet();            // invalidateTag / invalidateAll meanwhile

    fill.store(loaded(ctx, "old"), lease, ticket);

    assertThat(tier.values).doesNotContainKey("k");
    assertThat(ctx.l1.get("k")).isNull();
    assertThat(tier.tokens).as("lease released for the next loader").isEmpty();
  }
}
