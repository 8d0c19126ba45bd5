package io.caskade.lab.scenario;

import io.caskade.Cache;
import io.caskade.audit.DriftAudit;
import io.caskade.lab.load.LoadObserver;
import io.caskade.lab.source.FragileDatabase;
import io.caskade.lab.source.User;
import io.caskade.lab.source.UserRepository;
import io.caskade.source.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drift: a writer updates hot rows straight in the database, bypassing invalidation, while Zipf
 * reads run against caches with a long TTL. Without an audit the caches keep serving the old rows;
 * with core's drift audit (hottest and random samples, reloaded under the source limits, repair
 * on) the drifted keys are found and invalidated.
 *
 * <p>Adds {@code writes} (rows changed behind the caches' back), {@code drifted} (cached copies
 * that differ from the database at the end of the run, over every instance) and {@code repaired}
 * (copies the audits invalidated) and {@code driftRatio} (drifted over the cached copies of the
 * written rows).
 *
 * <p>{@code cdc}: no audit; the instances share a Redis L2 (its bus carries invalidations) and a
 * change-log consumer (caskade-cdc-postgres) invalidates every committed change of {@code users},
 * on PostgreSQL with logical WAL ({@code --jdbc-url}, else the lab's own). Adds
 * {@code cdcMaxDelayMillis} (commit to invalidated).
 */
final class DriftScenario implements Scenario {

  static final String NAME = "drift";
  static final String NO_AUDIT = "no-audit";
  static final String AUDIT = "audit+repair";
  static final String CDC = "cdc";

  /** Rows written per sampling interval, among the hottest ones. */
  static final int WRITES_PER_SAMPLE = 5;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "writes that bypass invalidation: stale copies found and repaired by the drift audit";
  }

  @Override
  public List<String> variants() {
    return LogicalPostgres.installed() ? List.of(NO_AUDIT, AUDIT, CDC)
        : List.of(NO_AUDIT, AUDIT);
  }

  @Override
  public ScenarioResult run(String variant, LabContext context) throws Exception {
    Variants.require(this, variant);
    if (variant.equals(CDC)) {
      try (FragileDatabase db = LogicalPostgres.open(context.settings())) {
        return measured(variant, context.withDatabase(db));
      }
    }
    return measured(variant, context);
  }

  private ScenarioResult measured(String variant, LabContext context) throws Exception {
    LabSettings s = context.settings();
    List<Source> sources = new ArrayList<>();
    String l2Name = L2Tiers.freshName(NAME);
    CacheRecipe recipe = (builder, repository, instance) -> {
      Source source = ColdStartScenario.protectedSource(s);
      sources.add(source);
      if (variant.equals(CDC)) {
        builder.l2(L2Tiers.redis(context, l2Name));
      }
      return builder.ttl(Duration.ofMinutes(10)).source(source);
    };
    List<DriftAudit<Long, User>> audits = new ArrayList<>();
    try (CachedFleet fleet = new CachedFleet(context, CachedFleet.Access.READ_THROUGH, recipe);
        LabCdc cdc = variant.equals(CDC) ? LabCdc.start(s, fleet.caches().get(0)) : null) {
      fleet.prefill(s.keys());
      UserRepository writerRepo = context.database().newRepository();
      Set<Long> written = ConcurrentHashMap.newKeySet();
      AtomicLong writes = new AtomicLong();
      if (variant.equals(AUDIT)) {
        List<Cache<Long, User>> caches = fleet.caches();
        for (int i = 0; i < caches.size(); i++) {
          audits.add(DriftAudit.builder(caches.get(i), UserLoader.of(fleet.repository()),
              sources.get(i)).hottest(100).random(20).repair(true).build()
              .start(auditInterval(s)));
        }
      }
      ScenarioResult result;
      try {
        result = context.measure(NAME, variant, fleet, context.keys(), context.loadSpec(),
            writer(writerRepo, written, writes, s));
      } finally {
        audits.forEach(DriftAudit::close);
      }
      long repaired = audits.stream().mapToLong(a -> a.stats().repaired()).sum();
      long drifted = drifted(fleet, writerRepo, written);
      long copies = (long) written.size() * fleet.caches().size();
      result.with("writes", writes.get())
          .with("drifted", drifted)
          .with("repaired", repaired)
          .with("driftRatio", copies == 0 ? 0.0 : Math.round(1000.0 * drifted / copies) / 1000.0);
      if (cdc != null) {
        result.with("cdcMaxDelayMillis", cdc.invalidator().stats().maxDelay().toMillis());
      }
      return context.done(result);
    } finally {
      sources.forEach(Source::close);
    }
  }

  private static Duration auditInterval(LabSettings s) {
    return Duration.ofMillis(Math.max(200, s.duration().toMillis() / 10));
  }

  /** At every sample, renames a few of the hottest rows directly in the database. */
  private static LoadObserver writer(UserRepository repo, Set<Long> written, AtomicLong writes,
      LabSettings s) {
    SplittableRandom random = new SplittableRandom(s.seed());
    long hot = Math.max(1, Math.min(100, s.keys()));
    return (point, done) -> {
      if (done >= 0.9) {
        return;  // the last tenth lets the audit catch up with the last writes
      }
      for (int i = 0; i < WRITES_PER_SAMPLE; i++) {
        long id = 1 + random.nextLong(hot);
        repo.find(id).ifPresent(u -> {
          repo.update(u.renamed("renamed-" + (u.version() + 1)));
          written.add(id);
          writes.incrementAndGet();
        });
      }
    };
  }

  /** Cached copies of the written keys that no longer match the database, over every instance. */
  private static long drifted(CachedFleet fleet, UserRepository repo, Set<Long> written) {
    var current = repo.findAll(new ArrayList<>(written));
    long drifted = 0;
    for (Cache<Long, User> cache : fleet.caches()) {
      for (Long id : written) {
        User cached = cache.getIfPresent(id);
        if (cached != null && !cached.equals(current.get(id))) {
          drifted++;
        }
      }
    }
    return drifted;
  }
}
