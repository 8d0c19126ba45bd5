package io.caskade.audit;

import io.caskade.Cache;
import io.caskade.CacheLoader;
import io.caskade.Lookup;
import io.caskade.source.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how far a cache has drifted from its source: samples the hottest and some random
 * cached keys, reloads them from the source under its protection (rate limiter, bulkhead,
 * timeout, circuit breaker: an audit never loads faster than the source allows), compares with
 * an {@link Equivalence}, and reports the drifted keys and the drift ratio. Drift is what
 * invalidation missed: a write that bypassed the cache, a lost invalidation message, a bug.
 *
 * <pre>{@code
 * DriftAudit<Long, User> audit = DriftAudit.builder(users, userDao::find, db)
 *     .hottest(50).random(50)
 *     .repair(true)                       // invalidate what drifted
 *     .build();
 * DriftReport<Long> report = audit.run(); // on demand
 * audit.start(Duration.ofMinutes(10));    // or on a schedule; close() stops it
 * }</pre>
 *
 * <p>A key is compared only if the cache still holds it; a key whose cached answer changed while
 * it was being audited (a concurrent invalidation or refresh) is skipped rather than reported, so
 * legitimate traffic does not show up as drift. Reloads go to the source directly, not through the
 * cache: an audit never changes what the cache holds, except for the repair. A reload that fails
 * is counted, never thrown. Thread-safe; audits run one at a time.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class DriftAudit<K, V> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DriftAudit.class);

  private final Cache<K, V> cache;
  private final CacheLoader<? super K, ? extends V> loader;
  private final Source source;
  private final Equivalence<? super V> equivalence;
  private final KeySampler<K> sampler;
  private final int batchSize;
  private final boolean repair;
  private final Consumer<? super DriftReport<K>> onReport;
  private final AuditCounters counters = new AuditCounters();
  private volatile DriftReport<K> lastReport;
  private ScheduledExecutorService scheduler;

  private DriftAudit(Builder<K, V> b) {
    this.cache = b.cache;
    this.loader = b.loader;
    this.source = b.source;
    this.equivalence = b.equivalence;
    this.sampler = new KeySampler<>(cache, b.hottest, b.random, b.rng);
    this.batchSize = b.batchSize;
    this.repair = b.repair;
    this.onReport = b.onReport;
  }

  /**
   * A builder for an audit of {@code cache} that reloads with {@code loader} through
   * {@code source} (pass the source the cache was built with, so the audit shares its limits).
   */
  public static <K, V> Builder<K, V> builder(Cache<K, V> cache,
      CacheLoader<? super K, ? extends V> loader, Source source) {
    return new Builder<>(cache, loader, source);
  }

  /** Runs one audit now, on the caller's thread. */
  public synchronized DriftReport<K> run() {
    long start = System.nanoTime();
    Pass pass = new Pass();
    List<K> sample = sampler.pick();
    for (int from = 0; from < sample.size(); from += batchSize) {
      audit(sample.subList(from, Math.min(sample.size(), from + batchSize)), pass);
    }
    long repaired = 0;
    if (repair && !pass.drifted.isEmpty()) {
      cache.invalidateAll(pass.drifted);
      repaired = pass.drifted.size();
    }
    DriftReport<K> report = new DriftReport<>(pass.checked, pass.drifted.size(), pass.drifted,
        pass.checked == 0 ? 0.0 : (double) pass.drifted.size() / pass.checked, repaired,
        pass.failed, pass.skipped, Duration.ofNanos(System.nanoTime() - start));
    counters.add(report);
    lastReport = report;
    if (report.hasDrift()) {
      log.info("cache '{}': drift audit found {} of {} checked keys drifted ({}){}", cache.name(),
          report.drifted(), report.checked(), report.ratio(), repair ? ", invalidated" : "");
    }
    try {
      onReport.accept(report);
    } catch (RuntimeException e) {
      log.warn("cache '{}': drift report callback threw", cache.name(), e);
    }
    return report;
  }

  /** One audit's running counts. */
  private final class Pass {
    long checked;
    long failed;
    long skipped;
    final List<K> drifted = new ArrayList<>();
  }

  private void audit(List<K> batch, Pass pass) {
    Map<K, Lookup<V>> cached = new LinkedHashMap<>();
    for (K key : batch) {
      Lookup<V> held = cache.lookup(key);
      if (held.isCached()) {
        cached.put(key, held);
      } else {
        pass.skipped++; // evicted or expired since it was sampled
      }
    }
    if (cached.isEmpty()) {
      return;
    }
    Map<?, ? extends V> fresh;
    try {
      fresh = reload(Set.copyOf(cached.keySet()));
    } catch (Exception e) {
      pass.failed += cached.size();
      log.debug("cache '{}': drift audit reload of {} keys failed: {}", cache.name(),
          cached.size(), e.toString());
      return;
    }
    for (Map.Entry<K, Lookup<V>> c : cached.entrySet()) {
      K key = c.getKey();
      if (matches(c.getValue(), fresh.get(key))) {
        pass.checked++;
      } else if (!sameAnswer(c.getValue(), cache.lookup(key))) {
        pass.skipped++; // invalidated or refreshed meanwhile: not drift
      } else {
        pass.checked++;
        pass.drifted.add(key);
      }
    }
  }

  private Map<?, ? extends V> reload(Set<K> keys) throws Exception {
    @SuppressWarnings("unchecked")
    CacheLoader<K, V> typed = (CacheLoader<K, V>) loader;
    Map<K, V> fresh = source.call(() -> typed.loadAll(keys));
    if (fresh == null) {
      throw new IllegalStateException("loadAll returned null");
    }
    return fresh;
  }

  private boolean matches(Lookup<V> cached, V fresh) {
    if (cached.isNotFound()) {
      return fresh == null;
    }
    Optional<V> value = cached.value();
    return fresh != null && value.isPresent() && equivalence.equivalent(value.get(), fresh);
  }

  private static <V> boolean sameAnswer(Lookup<V> before, Lookup<V> now) {
    return before.state() == now.state() && Objects.equals(before.value(), now.value());
  }

  /**
   * Runs an audit every {@code interval} on a daemon thread, the first after one interval; a
   * second call is an error. {@link #close()} stops it.
   */
  public synchronized DriftAudit<K, V> start(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    if (scheduler != null) {
      throw new IllegalStateException("drift audit of '" + cache.name() + "' already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "caskade-drift-audit-" + cache.name());
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(1, interval.toMillis());
    scheduler.scheduleWithFixedDelay(this::runScheduled, millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  private void runScheduled() {
    try {
      run();
    } catch (RuntimeException e) {
      log.warn("cache '{}': scheduled drift audit failed", cache.name(), e);
    }
  }

  /** The last audit's report, if any ran. */
  public Optional<DriftReport<K>> lastReport() {
    return Optional.ofNullable(lastReport);
  }

  /** Totals over every audit so far. */
  public DriftAuditStats stats() {
    return counters.snapshot();
  }

  /** The audited cache. */
  public Cache<K, V> cache() {
    return cache;
  }

  /** Stops the schedule, if started (an audit in progress finishes). Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService s;
    synchronized (this) {
      s = scheduler;
    }
    if (s != null) {
      s.shutdown();
    }
  }

  @Override
  public String toString() {
    return "DriftAudit{" + cache.name() + ", repair=" + repair + ", " + counters.snapshot() + '}';
  }

  /**
   * Configures a {@link DriftAudit}. Defaults: 20 hottest and 20 random keys, {@code equals},
   * reloads in batches of 50, no repair.
   *
   * @param <K> key type
   * @param <V> value type
   */
  public static final class Builder<K, V> {
    private final Cache<K, V> cache;
    private final CacheLoader<? super K, ? extends V> loader;
    private final Source source;
    private Equivalence<? super V> equivalence = Equivalence.equality();
    private int hottest = 20;
    private int random = 20;
    private Random rng = new Random();
    private int batchSize = 50;
    private boolean repair;
    private Consumer<? super DriftReport<K>> onReport = r -> { };

    private Builder(Cache<K, V> cache, CacheLoader<? super K, ? extends V> loader,
        Source source) {
      this.cache = Objects.requireNonNull(cache, "cache");
      this.loader = Objects.requireNonNull(loader, "loader");
      this.source = Objects.requireNonNull(source, "source");
    }

    /** How the cached and the reloaded value are compared (default {@code equals}). */
    public Builder<K, V> equivalence(Equivalence<? super V> equivalence) {
      this.equivalence = Objects.requireNonNull(equivalence, "equivalence");
      return this;
    }

    /** How many of the hottest L1 keys each audit checks (default 20). */
    public Builder<K, V> hottest(int k) {
      this.hottest = notNegative(k, "hottest");
      return this;
    }

    /** How many random L1 keys (besides the hottest) each audit checks (default 20). */
    public Builder<K, V> random(int k) {
      this.random = notNegative(k, "random");
      return this;
    }

    /** The random source of the random sample (fix it for reproducible audits). */
    public Builder<K, V> random(Random rng) {
      this.rng = Objects.requireNonNull(rng, "rng");
      return this;
    }

    /** Keys per {@code loadAll} reload, i.e. per source call (default 50). */
    public Builder<K, V> batchSize(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("batchSize must be positive: " + n);
      }
      this.batchSize = n;
      return this;
    }

    /** Whether to invalidate, on every tier and instance, the keys found drifted (default off). */
    public Builder<K, V> repair(boolean repair) {
      this.repair = repair;
      return this;
    }

    /** Called with every report (e.g. to alert); a callback that throws is logged. */
    public Builder<K, V> onReport(Consumer<? super DriftReport<K>> onReport) {
      this.onReport = Objects.requireNonNull(onReport, "onReport");
      return this;
    }

    /** Builds the audit (not started: call {@link DriftAudit#run()} or {@link DriftAudit#start}). */
    public DriftAudit<K, V> build() {
      return new DriftAudit<>(this);
    }

    private static int notNegative(int n, String what) {
      if (n < 0) {
        throw new IllegalArgumentException(what + " must not be negative: " + n);
      }
      return n;
    }
  }
}
