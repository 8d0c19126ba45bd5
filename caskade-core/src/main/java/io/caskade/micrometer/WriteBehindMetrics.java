package io.caskade.micrometer;

import io.caskade.write.WriteBehindStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Binds a write-behind queue's {@link WriteBehindStats} to Micrometer (an optional dependency).
 * Meters, each tagged {@code queue=<name>}: gauges {@code caskade.writebehind.depth} and
 * {@code caskade.writebehind.lag} (seconds, age of the oldest unwritten change); counters
 * {@code caskade.writebehind.enqueued}, {@code .coalesced}, {@code .batches}, {@code .written},
 * {@code .retries}, {@code .dead.letters}, {@code .rejected}, {@code .written.through},
 * {@code .lost} (accepted changes the queue lost before writing them, e.g. a journal whose Redis
 * restarted without persistence; each loss is also logged at ERROR).
 *
 * <pre>{@code new WriteBehindMetrics("users", queue::stats).bindTo(registry);}</pre>
 *
 * The registry holds the stats supplier strongly: remove the meters when the queue is closed
 * for good.
 *
 * A durable journal's depth and lag cost a Redis round trip per scrape; the snapshot is taken
 * once per meter read.
 */
public final class WriteBehindMetrics implements MeterBinder {

  private final Supplier<WriteBehindStats> stats;
  private final Tags tags;

  /** Meters for the queue named {@code name}, read from {@code stats}. */
  public WriteBehindMetrics(String name, Supplier<WriteBehindStats> stats) {
    this.stats = Objects.requireNonNull(stats, "stats");
    this.tags = Tags.of("queue", Objects.requireNonNull(name, "name"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    // Strong references: the registry keeps the supplier (and so every meter reading it) alive;
    // with Micrometer's default weak references the meters went dead (NaN, or counters frozen)
    // once a binder built as `new WriteBehindMetrics(name, queue::stats)` was garbage-collected.
    Gauge.builder("caskade.writebehind.depth", stats, s -> s.get().depth())
        .tags(tags).description("changes queued and not yet written").strongReference(true)
        .register(registry);
    Gauge.builder("caskade.writebehind.lag", stats, s -> s.get().lag().toMillis() / 1000.0)
        .tags(tags).baseUnit("seconds").description("age of the oldest unwritten change")
        .strongReference(true).register(registry);
    counter(registry, "caskade.writebehind.enqueued", WriteBehindStats::enqueued);
    counter(registry, "caskade.writebehind.coalesced", WriteBehindStats::coalesced);
    counter(registry, "caskade.writebehind.batches", WriteBehindStats::batches);
    counter(registry, "caskade.writebehind.written", WriteBehindStats::written);
    counter(registry, "caskade.writebehind.retries", WriteBehindStats::retries);
    counter(registry, "caskade.writebehind.dead.letters", WriteBehindStats::deadLetters);
    counter(registry, "caskade.writebehind.rejected", WriteBehindStats::rejected);
    counter(registry, "caskade.writebehind.written.through", WriteBehindStats::writtenThrough);
    counter(registry, "caskade.writebehind.lost", WriteBehindStats::lostWrites);
  }

  private void counter(MeterRegistry registry, String name,
      ToDoubleFunction<WriteBehindStats> f) {
    FunctionCounter.builder(name, stats, s -> f.applyAsDouble(s.get())).tags(tags)
        .register(registry);
  }
}
