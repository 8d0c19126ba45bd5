package io.caskade.audit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Binds a {@link DriftAudit}'s counters to Micrometer (optional dependency), tagged
 * {@code cache=<name>}: counters {@code caskade.drift.audits}, {@code caskade.drift.checked},
 * {@code caskade.drift.found}, {@code caskade.drift.repaired}, {@code caskade.drift.failures},
 * {@code caskade.drift.skipped}, and the gauge {@code caskade.drift.ratio} (last audit).
 *
 * <pre>{@code new DriftAuditMetrics(audit).bindTo(registry);}</pre>
 */
public final class DriftAuditMetrics implements MeterBinder {

  private final DriftAudit<?, ?> audit;
  private final Tags tags;

  /** Metrics of {@code audit}. */
  public DriftAuditMetrics(DriftAudit<?, ?> audit) {
    this.audit = Objects.requireNonNull(audit, "audit");
    this.tags = Tags.of("cache", audit.cache().name());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "caskade.drift.audits", DriftAuditStats::audits);
    counter(registry, "caskade.drift.checked", DriftAuditStats::checked);
    counter(registry, "caskade.drift.found", DriftAuditStats::drifted);
    counter(registry, "caskade.drift.repaired", DriftAuditStats::repaired);
    counter(registry, "caskade.drift.failures", DriftAuditStats::failed);
    counter(registry, "caskade.drift.skipped", DriftAuditStats::skipped);
    Gauge.builder("caskade.drift.ratio", audit, a -> a.stats().lastRatio())
        .tags(tags)
        .register(registry);
  }

  private void counter(MeterRegistry registry, String name, ToLongFunction<DriftAuditStats> f) {
    FunctionCounter.builder(name, audit, a -> f.applyAsLong(a.stats()))
        .tags(tags)
        .register(registry);
  }
}
