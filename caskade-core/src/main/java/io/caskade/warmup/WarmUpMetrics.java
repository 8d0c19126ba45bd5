package io.caskade.warmup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;

/**
 * Records warm-ups in Micrometer (optional dependency), tagged {@code cache=<name>}: the counter
 * {@code caskade.warmup.keys} by {@code outcome} (loaded, not_found, failed, already_cached), the
 * counter {@code caskade.warmup.batches.failed} and the timer {@code caskade.warmup.duration}.
 *
 * <pre>{@code WarmUpMetrics.record(registry, "users", WarmUp.of(users).runSnapshot(store));}</pre>
 */
public final class WarmUpMetrics {

  private WarmUpMetrics() {
  }

  /** Adds {@code result} to the warm-up meters of cache {@code cache} in {@code registry}. */
  public static void record(MeterRegistry registry, String cache, WarmUpResult result) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(result, "result");
    keys(registry, cache, "loaded").increment(result.loaded());
    keys(registry, cache, "not_found").increment(result.notFound());
    keys(registry, cache, "failed").increment(result.failed());
    keys(registry, cache, "already_cached").increment(result.alreadyCached());
    Counter.builder("caskade.warmup.batches.failed").tag("cache", cache).register(registry)
        .increment(result.failedBatches());
    Timer.builder("caskade.warmup.duration").tag("cache", cache).register(registry)
        .record(result.elapsed());
  }

  private static Counter keys(MeterRegistry registry, String cache, String outcome) {
    return Counter.builder("caskade.warmup.keys").tag("cache", cache).tag("outcome", outcome)
        .register(registry);
  }
}
