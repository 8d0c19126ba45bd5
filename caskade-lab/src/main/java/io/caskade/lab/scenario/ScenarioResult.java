package io.caskade.lab.scenario;

import io.caskade.lab.load.LoadResult;
import io.caskade.lab.load.TimelinePoint;
import io.caskade.lab.source.QueryCounter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one variant of one scenario measured: the common numbers of the JSON schema, the
 * scenario-specific fields in {@link #extras()} (in insertion order), and the timeline for charts.
 */
public final class ScenarioResult {

  private final String scenario;
  private final String variant;
  private final LoadResult load;
  private final long sourceQueries;
  private final long sourceQueriesPeakPerSecond;
  private final Map<String, Object> extras = new LinkedHashMap<>();

  private ScenarioResult(String scenario, String variant, LoadResult load, long sourceQueries,
      long peak) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.variant = Objects.requireNonNull(variant, "variant");
    this.load = Objects.requireNonNull(load, "load");
    this.sourceQueries = sourceQueries;
    this.sourceQueriesPeakPerSecond = peak;
  }

  /** The result of a run whose source queries were counted by {@code counter}. */
  public static ScenarioResult of(String scenario, String variant, LoadResult load,
      QueryCounter counter) {
    return new ScenarioResult(scenario, variant, load, counter.queries(), counter.peakPerSecond());
  }

  /** Adds a scenario-specific field (a number, string or boolean) and returns this. */
  public ScenarioResult with(String field, Object value) {
    extras.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "value"));
    return this;
  }

  public String scenario() {
    return scenario;
  }

  public String variant() {
    return variant;
  }

  public long requests() {
    return load.requests();
  }

  public long errors() {
    return load.errors();
  }

  /** Queries that reached the source during the run (the lab's key number). */
  public long sourceQueries() {
    return sourceQueries;
  }

  /** The most source queries in one wall-clock second. */
  public long sourceQueriesPeakPerSecond() {
    return sourceQueriesPeakPerSecond;
  }

  /** Share of requests answered by L1. */
  public double l1HitRatio() {
    return load.requests() == 0 ? 0 : (double) load.counters().l1Hits() / load.requests();
  }

  /** Share of the requests that reached L2 (missed L1) answered by L2. */
  public double l2HitRatio() {
    long reachedL2 = load.requests() - load.counters().l1Hits();
    return reachedL2 <= 0 ? 0 : Math.min(1.0, (double) load.counters().l2Hits() / reachedL2);
  }

  /** Stale values served. */
  public long staleServed() {
    return load.counters().staleServed();
  }

  public long p50Micros() {
    return load.p50Micros();
  }

  public long p99Micros() {
    return load.p99Micros();
  }

  /** 99.9th percentile request latency. */
  public long p999Micros() {
    return load.p999Micros();
  }

  public long maxMicros() {
    return load.maxMicros();
  }

  /** How long the run lasted. */
  public double elapsedSeconds() {
    return load.elapsedSeconds();
  }

  /** Source queries over requests (0 when there were none). */
  public double sourceShare() {
    return load.requests() == 0 ? 0 : (double) sourceQueries / load.requests();
  }

  /** The most callers seen queued for a database connection at a sample. */
  public int peakSourceWaiting() {
    return load.peakSourceWaiting();
  }

  /** Scenario-specific fields, in the order they were added. */
  public Map<String, Object> extras() {
    return Collections.unmodifiableMap(extras);
  }

  /** One point per sampling interval. */
  public List<TimelinePoint> timeline() {
    return load.timeline();
  }

  @Override
  public String toString() {
    return scenario + "/" + variant + "{requests=" + requests() + ", errors=" + errors()
        + ", sourceQueries=" + sourceQueries + ", peak/s=" + sourceQueriesPeakPerSecond
        + ", l1=" + l1HitRatio() + ", l2=" + l2HitRatio() + ", p99=" + p99Micros() + "us"
        + ", extras=" + extras + '}';
  }
}
