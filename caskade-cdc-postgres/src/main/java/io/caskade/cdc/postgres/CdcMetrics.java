package io.caskade.cdc.postgres;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Micrometer meters of a {@link ChangeLogInvalidator} (Micrometer is an optional dependency), all
 * tagged {@code slot}: {@code caskade.cdc.slot.lag} (bytes of WAL the server retains for the
 * slot), {@code caskade.cdc.slot.lag.warning} (1 at or above the threshold, or when the WAL is
 * {@code unreserved}/{@code lost}), {@code caskade.cdc.streaming}, {@code
 * caskade.cdc.invalidation.delay.last}/{@code .max} (seconds, commit to applied),
 * {@code caskade.cdc.transactions}, {@code caskade.cdc.changes}, {@code
 * caskade.cdc.invalidations}, {@code caskade.cdc.errors}.
 */
public final class CdcMetrics {

  private CdcMetrics() {}

  /** Registers the meters of {@code cdc} in {@code registry}. */
  public static void bind(ChangeLogInvalidator cdc, MeterRegistry registry) {
    Tags tags = Tags.of("slot", cdc.slot());
    bind(cdc.slotMonitor(), registry);
    Gauge.builder("caskade.cdc.streaming", cdc, c -> c.stats().streaming() ? 1 : 0)
        .tags(tags).register(registry);
    Gauge.builder("caskade.cdc.invalidation.delay.last", cdc,
        c -> c.stats().lastDelay().toNanos() / 1e9).tags(tags).baseUnit("seconds")
        .register(registry);
    Gauge.builder("caskade.cdc.invalidation.delay.max", cdc,
        c -> c.stats().maxDelay().toNanos() / 1e9).tags(tags).baseUnit("seconds")
        .register(registry);
    FunctionCounter.builder("caskade.cdc.transactions", cdc, c -> c.stats().transactions())
        .tags(tags).register(registry);
    FunctionCounter.builder("caskade.cdc.changes", cdc, c -> c.stats().changes())
        .tags(tags).register(registry);
    FunctionCounter.builder("caskade.cdc.invalidations", cdc, c -> c.stats().invalidations())
        .tags(tags).register(registry);
    FunctionCounter.builder("caskade.cdc.errors", cdc, c -> c.stats().errors())
        .tags(tags).register(registry);
  }

  /** Registers the slot gauges of {@code monitor} (e.g. on instances that do not consume). */
  public static void bind(SlotMonitor monitor, MeterRegistry registry) {
    Tags tags = Tags.of("slot", monitor.status().slot());
    Gauge.builder("caskade.cdc.slot.lag", monitor, m -> m.status().lagBytes())
        .tags(tags).baseUnit("bytes").register(registry);
    Gauge.builder("caskade.cdc.slot.lag.warning", monitor, m -> m.status().warning() ? 1 : 0)
        .tags(tags).register(registry);
  }
}
