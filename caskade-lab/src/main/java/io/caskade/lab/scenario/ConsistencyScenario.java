package io.caskade.lab.scenario;

import io.caskade.lab.load.KeyDistribution;
import io.caskade.lab.source.FragileDatabase;
import io.caskade.testkit.PostgresProcess;
import io.caskade.testkit.RedisProcess;
import java.time.Duration;
import java.util.List;

/**
 * Consistency in nines: readers on every instance and {@value #WRITERS} writers committing new
 * versions, through the cache ({@code cache.write}, INVALIDATE) and — in {@code delete-on-write}
 * and {@code cdc} — half of them behind its back with plain SQL. Every read is checked against
 * the database's committed version at the moment it started ({@link CommitLog}). TTLs are 10
 * minutes, so a copy nothing invalidates stays stale for the whole run.
 *
 * <ul>
 *   <li>{@code delete-on-write}: today's defaults; bypassing writes are never invalidated.</li>
 *   <li>{@code cdc}: the same writes, plus change-log invalidation (caskade-cdc-postgres) on a
 *       PostgreSQL with logical WAL: every committed change is invalidated, however written.</li>
 *   <li>{@code bus-faults}: through-the-cache writes only; the subscriber connections of the
 *       lab's own redis-server (or of {@code --redis-url}) are killed every 2 s (CLIENT KILL TYPE
 *       pubsub).</li>
 *   <li>{@code redis-restart}: through-the-cache writes only; the lab's own redis-server is
 *       restarted empty (no persistence) halfway.</li>
 *   <li>{@code through-cache}: through-the-cache writes only, no fault: the steady mixed load
 *       (e.g. 3 instances, 16 readers, 2 writers on PostgreSQL) of the race-correctness issue.</li>
 * </ul>
 *
 * <p>Adds {@code reads}, {@code staleReads100ms}/{@code 1s}/{@code 5s} (reads stale by more
 * than that), {@code stalePermanent} (instance copies still older than the database 2 s after the
 * load stopped), {@code ninesAt1s} (−log10(staleReads1s / reads), 9 when none),
 * {@code ninesResolution} (log10(reads): the most nines this many reads can show), then
 * {@code writes}, {@code bypassWrites}, {@code maxStaleMillis}, {@code writeErrors},
 * {@code database} (which one the run used); cdc adds
 * {@code cdcMaxDelayMillis} and {@code cdcMeanDelayMillis} (commit to invalidated), bus-faults
 * {@code busKills}.
 */
final class ConsistencyScenario implements Scenario {

  static final String NAME = "consistency";
  static final String DELETE_ON_WRITE = "delete-on-write";
  static final String CDC = "cdc";
  static final String BUS_FAULTS = "bus-faults";
  static final String REDIS_RESTART = "redis-restart";
  static final String THROUGH_CACHE = "through-cache";

  static final int WRITERS = 2;
  static final double BYPASS_SHARE = 0.5;
  static final long MAX_WORKING_SET = 1_000;
  static final Duration SETTLE = Duration.ofSeconds(2);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "every read checked against the database's committed version: stale reads in nines";
  }

  @Override
  public List<String> variants() {
    return LogicalPostgres.installed()
        ? List.of(DELETE_ON_WRITE, CDC, BUS_FAULTS, REDIS_RESTART, THROUGH_CACHE)
        : List.of(DELETE_ON_WRITE, BUS_FAULTS, REDIS_RESTART, THROUGH_CACHE);
  }

  @Override
  public ScenarioResult run(String variant, LabContext context) throws Exception {
    Variants.require(this, variant);
    LabSettings s = context.settings();
    long workingSet = Math.min(s.keys(), MAX_WORKING_SET);
    KeyDistribution keys = KeyDistribution.forKeys(workingSet, s.zipf());
    double bypass = variant.equals(DELETE_ON_WRITE) || variant.equals(CDC) ? BYPASS_SHARE : 0;
    RedisProcess ownRedis = needsOwnRedis(variant, s) ? RedisProcess.start() : null;
    FragileDatabase ownDb = ownDatabase(variant, s);
    try {
      FragileDatabase db = ownDb != null ? ownDb : context.database();
      LabContext ctx = ownDb != null ? context.withDatabase(ownDb) : context;
      String redisUrl = ownRedis != null ? ownRedis.uri() : L2Tiers.redisUrl(context);
      try (ConsistencyFleet fleet = new ConsistencyFleet(db, s, redisUrl,
              L2Tiers.freshName(NAME), workingSet);
          LabCdc cdc = variant.equals(CDC) ? LabCdc.start(s, fleet.caches().get(0)) : null;
          Faults faults = faults(variant, redisUrl, ownRedis, s)) {
        fleet.prefill(PatternsScenario.ids(workingSet));
        fleet.startWriters(WRITERS, bypass, keys, s.seed());
        faults.start();
        ScenarioResult result;
        try {
          result = ctx.measure(NAME, variant, fleet, keys, ctx.loadSpec());
        } finally {
          faults.close();
          fleet.stopWriters();
        }
        Thread.sleep(SETTLE.toMillis());  // what is in flight lands; what stays is permanent
        CommitLog log = fleet.log();
        result.with("reads", log.reads())
            .with("staleReads100ms", log.staleReads100ms())
            .with("staleReads1s", log.staleReads1s())
            .with("staleReads5s", log.staleReads5s())
            .with("stalePermanent", fleet.staleCopies())
            .with("ninesAt1s", log.ninesAt1s())
            .with("ninesResolution", log.ninesResolution())
            .with("writes", fleet.writes())
            .with("bypassWrites", fleet.bypassWrites())
            .with("maxStaleMillis", log.maxStaleMillis())
            .with("writeErrors", fleet.writeErrors())
            .with("database", s.jdbcUrl() != null ? s.jdbcUrl()
                : ownDb != null ? "lab-owned PostgreSQL" : "H2 (no PostgreSQL installed)");
        if (cdc != null) {
          var st = cdc.invalidator().stats();
          result.with("cdcMaxDelayMillis", st.maxDelay().toMillis())
              .with("cdcMeanDelayMillis", st.meanDelay().toMillis());
        }
        if (variant.equals(BUS_FAULTS)) {
          result.with("busKills", faults.count());
        }
        return context.done(result);
      }
    } finally {
      if (ownDb != null) {
        ownDb.close();
      }
      if (ownRedis != null) {
        ownRedis.close();
      }
    }
  }

  /** bus-faults and redis-restart hurt a redis-server of the lab's own (bus-faults: unless given). */
  private static boolean needsOwnRedis(String variant, LabSettings s) {
    return variant.equals(REDIS_RESTART) || (variant.equals(BUS_FAULTS) && s.redisUrl() == null);
  }

  /**
   * PostgreSQL whenever it can be had without {@code --jdbc-url}: the lab's own (logical WAL),
   * which {@code cdc} requires; null to use the context's database (the given one, or H2).
   */
  private static FragileDatabase ownDatabase(String variant, LabSettings s) {
    if (variant.equals(CDC) || (s.jdbcUrl() == null && PostgresProcess.available())) {
      return LogicalPostgres.open(s);
    }
    return null;
  }

  private static Faults faults(String variant, String redisUrl, RedisProcess ownRedis,
      LabSettings s) {
    return switch (variant) {
      case BUS_FAULTS -> Faults.busKills(redisUrl, Duration.ofSeconds(2));
      case REDIS_RESTART -> Faults.restartHalfway(ownRedis, s.duration().dividedBy(2));
      default -> Faults.none();
    };
  }
}
