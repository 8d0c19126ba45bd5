package io.caskade.lab.scenario;

import io.caskade.lab.load.KeyDistribution;
import io.caskade.lab.source.User;
import io.caskade.write.WriteBehindStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Caching patterns under one read/write mix: Zipf reads over a working set, plus writes at a fixed
 * rate (a quarter of what the database can take) of new versions of those users. Every variant
 * is a fleet of instances with an L1 each over a shared Redis L2 (whose bus keeps the L1s
 * coherent) and the same TTL; they differ in how reads reach the source and how writes do:
 *
 * <ul>
 *   <li>{@code cache-aside}: the application's own code — getIfPresent, on a miss query and put;
 *       write the row, then invalidate.</li>
 *   <li>{@code read-through}: {@code cache.get} with the loader; {@code cache.write} in the
 *       default INVALIDATE mode (write, then delete everywhere).</li>
 *   <li>{@code write-through}: {@code cache.write} in THROUGH mode (write, then cache the new
 *       value), so the next read hits.</li>
 *   <li>{@code write-behind-memory}, {@code write-behind-durable}: {@code cache.write} caches the
 *       value and queues the write — on core's bounded in-memory queue, or on caskade-redis's
 *       durable Redis Streams journal shared by the fleet — and a flusher writes coalesced
 *       batches (one query each).</li>
 *   <li>{@code refresh-ahead}: read-through whose hot entries are reloaded in the background in
 *       the last third of their TTL, so readers rarely wait for a load.</li>
 * </ul>
 *
 * <p>The working set is sized so that reloading it once per TTL takes another quarter of the
 * database's capacity: the source is busy, never saturated by design. Adds {@code writes} (writes
 * the clients made and were told succeeded), {@code sourceWrites} (write queries that reached the
 * database, the flush at close included; a batch is one), {@code rowsWritten},
 * {@code writeP99Micros} (what a writing client waited), {@code lostWrites} (keys whose last
 * acknowledged write is not in the database after the fleet closed: read back row by row) and
 * {@code allWritesInDb}; write-behind adds {@code pendingAtEnd} and {@code lagAtEndMillis} (the
 * queue when the load stopped) and {@code coalesced}.
 */
final class PatternsScenario implements Scenario {

  static final String NAME = "patterns";
  static final String CACHE_ASIDE = "cache-aside";
  static final String READ_THROUGH = "read-through";
  static final String WRITE_THROUGH = "write-through";
  static final String WRITE_BEHIND_MEMORY = "write-behind-memory";
  static final String WRITE_BEHIND_DURABLE = "write-behind-durable";
  static final String REFRESH_AHEAD = "refresh-ahead";

  /** Share of the database's capacity spent on synchronous writes, and on reloading the set. */
  static final double WRITE_SHARE = 0.25;
  static final double RELOAD_SHARE = 0.25;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "read/write mix: cache-aside, read-through, write-through, write-behind, refresh-ahead";
  }

  @Override
  public List<String> variants() {
    return List.of(CACHE_ASIDE, READ_THROUGH, WRITE_THROUGH, WRITE_BEHIND_MEMORY,
        WRITE_BEHIND_DURABLE, REFRESH_AHEAD);
  }

  /** The TTL of every variant: a quarter of the run, between 0.5 and 5 seconds. */
  static Duration ttl(LabSettings s) {
    long millis = Math.max(500, Math.min(5_000, s.duration().toMillis() / 4));
    return Duration.ofMillis(millis);
  }

  /** Queries per second the database can run (connections over the per-query latency). */
  static double capacityPerSecond(LabSettings s) {
    double perConnection = s.sourceLatency().toNanos() <= 0 ? 1_000
        : 1e9 / s.sourceLatency().toNanos();
    return s.sourceCapacity() * perConnection;
  }

  /** Writes per second, the same for every variant. */
  static double writesPerSecond(LabSettings s) {
    return Math.max(1, capacityPerSecond(s) * WRITE_SHARE);
  }

  /** Keys read and written: reloading all of them once per TTL costs {@link #RELOAD_SHARE}. */
  static long workingSet(LabSettings s) {
    long fit = (long) (capacityPerSecond(s) * RELOAD_SHARE * ttl(s).toMillis() / 1000.0);
    return Math.max(1, Math.min(s.keys(), Math.max(10, fit)));
  }

  @Override
  public ScenarioResult run(String variant, LabContext context) throws Exception {
    Variants.require(this, variant);
    LabSettings s = context.settings();
    long workingSet = workingSet(s);
    KeyDistribution keys = KeyDistribution.forKeys(workingSet, s.zipf());
    PatternFleet fleet = new PatternFleet(context, variant, ttl(s), workingSet,
        writesPerSecond(s));
    ScenarioResult result;
    WriteBehindStats queueAtEnd;
    try {
      fleet.prefill();
      result = context.measure(NAME, variant, fleet, keys, context.loadSpec());
      queueAtEnd = fleet.writeBehindStats();
    } finally {
      fleet.close();  // write-behind: flushes what is queued
    }
    var counter = fleet.repository().counter();
    long sourceWrites = counter.writes();
    long rowsWritten = counter.rowsWritten();
    long lost = fleet.lostWrites();
    result.with("writes", fleet.writes())
        .with("sourceWrites", sourceWrites)
        .with("rowsWritten", rowsWritten)
        .with("writeP99Micros", fleet.writeP99Micros());
    if (queueAtEnd != null) {
      result.with("pendingAtEnd", queueAtEnd.depth())
          .with("lagAtEndMillis", queueAtEnd.lag().toMillis())
          .with("coalesced", queueAtEnd.coalesced());
    }
    result.with("lostWrites", lost).with("allWritesInDb", lost == 0);
    return context.done(result);
  }

  /** Keys whose newest acknowledged version is not what the database holds. */
  static long lostWrites(Map<Long, Long> acknowledged, Map<Long, User> rows) {
    long lost = 0;
    for (Map.Entry<Long, Long> e : acknowledged.entrySet()) {
      User row = rows.get(e.getKey());
      if (row == null || row.version() < e.getValue()) {
        lost++;
      }
    }
    return lost;
  }

  static List<Long> ids(long n) {
    List<Long> ids = new ArrayList<>();
    for (long id = 1; id <= n; id++) {
      ids.add(id);
    }
    return ids;
  }
}
