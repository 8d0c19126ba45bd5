package io.caskade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.CacheLoader;
import io.caskade.Caskade;
import io.caskade.source.Source;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DriftAuditTest {

  private final Map<Integer, String> db = new ConcurrentHashMap<>();
  private final AtomicInteger sourceCalls = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final Source source = track(Source.builder("db").maxConcurrentLoads(2)
      .maxWait(Duration.ofSeconds(1)).build());
  private final CacheLoader<Integer, String> loader = key -> {
    sourceCalls.incrementAndGet();
    if (down.get()) {
      throw new IOException("database down");
    }
    return db.get(key);
  };

  private <T extends AutoCloseable> T track(T t) {
    toClose.add(t);
    return t;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  /** A cache holding keys 0..199 (values v0..v199) and "not found" for 1000..1004. */
  private Cache<Integer, String> filledCache() {
    IntStream.range(0, 200).forEach(k -> db.put(k, "v" + k));
    Cache<Integer, String> cache = track(Caskade.<Integer, String>builder("audited")
        .loader(loader).source(source).build());
    IntStream.range(0, 200).forEach(cache::get);
    IntStream.range(1000, 1005).forEach(cache::get);
    return cache;
  }

  private DriftAudit.Builder<Integer, String> everything(Cache<Integer, String> cache) {
    return DriftAudit.builder(cache, loader, source).hottest(300).random(300)
        .random(new Random(7));
  }

  @Test
  void findsExactlyTheKeysChangedBehindTheCachesBackAndRepairRemovesThem() {
    Cache<Integer, String> cache = filledCache();
    Set<Integer> changed = Set.of(3, 17, 42, 99, 150, 1002);
    db.put(3, "changed");
    db.put(17, "changed");
    db.put(42, "changed");
    db.remove(99);          // the source no longer has it
    db.remove(150);
    db.put(1002, "new row"); // cached as not found, now exists
    DriftAudit<Integer, String> audit = track(everything(cache).repair(true).build());

    DriftReport<Integer> report = audit.run();

    assertThat(report.checked()).isEqualTo(205);
    assertThat(report.driftedKeys()).containsExactlyInAnyOrderElementsOf(changed);
    assertThat(report.drifted()).isEqualTo(6);
    assertThat(report.ratio()).isEqualTo(6.0 / 205);
    assertThat(report.repaired()).isEqualTo(6);
    assertThat(report.failed()).isZero();
    changed.forEach(k -> assertThat(cache.lookup(k).isCached()).as("repaired " + k).isFalse());
    assertThat(cache.lookup(4).value()).as("unchanged keys stay").contains("v4");
    assertThat(cache.get(3)).isEqualTo("changed");
    assertThat(cache.get(1002)).isEqualTo("new row");

    DriftReport<Integer> again = audit.run();
    assertThat(again.drifted()).as("after repair: no drift").isZero();
    assertThat(audit.stats()).isEqualTo(new DriftAuditStats(2, 205 + again.checked(), 6, 6, 0,
        again.skipped(), 0.0));
  }

  @Test
  void noDriftNoFalsePositivesAndWithoutRepairNothingIsTouched() {
    Cache<Integer, String> cache = filledCache();
    DriftAudit<Integer, String> audit = track(everything(cache).build());

    assertThat(audit.run().driftedKeys()).isEmpty();

    db.put(5, "changed");
    DriftReport<Integer> report = audit.run();
    assertThat(report.driftedKeys()).containsExactly(5);
    assertThat(report.repaired()).isZero();
    assertThat(cache.lookup(5).value()).as("no repair: still the old value").contains("v5");
  }

  @Test
  void aPluggableEquivalenceDecidesWhatCountsAsDrift() {
    Cache<Integer, String> cache = filledCache();
    db.put(1, "V1");
    db.put(2, "other");
    DriftAudit<Integer, String> audit = track(everything(cache)
        .equivalence((cached, fresh) -> cached.equalsIgnoreCase(fresh)).build());

    assertThat(audit.run().driftedKeys()).containsExactly(2);
  }

  @Test
  void samplesTheHottestAndSomeRandomKeysOnly() {
    Cache<Integer, String> cache = filledCache();
    sourceCalls.set(0);
    DriftAudit<Integer, String> audit = track(DriftAudit.builder(cache, loader, source)
        .hottest(5).random(7).batchSize(4).build());

    DriftReport<Integer> report = audit.run();

    assertThat(report.checked()).isEqualTo(12);
    assertThat(sourceCalls.get()).as("one load per sampled key, nothing more").isEqualTo(12);
  }

  @Test
  void aFailingSourceIsCountedNotThrownAndNothingIsRepaired() {
    Cache<Integer, String> cache = filledCache();
    db.put(1, "changed");
    down.set(true);
    DriftAudit<Integer, String> audit = track(everything(cache).repair(true).build());

    DriftReport<Integer> report = audit.run();

    assertThat(report.failed()).isEqualTo(205);
    assertThat(report.checked()).isZero();
    assertThat(report.ratio()).isZero();
    assertThat(cache.lookup(1).value()).contains("v1");
  }

  @Test
  void aKeyInvalidatedDuringTheAuditIsNotReportedAsDrift() {
    Cache<Integer, String> cache = filledCache();
    // A legitimate write: the source changes and the cache is invalidated, while the audit's
    // reload is in flight (the loader is where the audit waits for the source).
    CacheLoader<Integer, String> racing = key -> {
      if (key == 8) {
        db.put(8, "written");
        cache.invalidate(8);
      }
      return db.get(key);
    };
    DriftAudit<Integer, String> audit = track(DriftAudit.builder(cache, racing, source)
        .hottest(300).random(0).build());

    DriftReport<Integer> report = audit.run();

    assertThat(report.driftedKeys()).isEmpty();
    assertThat(report.skipped()).isEqualTo(1);
  }

  @Test
  void runsOnASchedulePublishesReportsAndMetrics() {
    Cache<Integer, String> cache = filledCache();
    db.put(7, "changed");
    List<DriftReport<Integer>> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
    DriftAudit<Integer, String> audit = track(everything(cache).repair(true)
        .onReport(reports::add).build());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new DriftAuditMetrics(audit).bindTo(registry);

    audit.start(Duration.ofMillis(20));
    await().atMost(Duration.ofSeconds(5)).until(() -> reports.size() >= 2);
    audit.close();

    assertThat(reports.get(0).driftedKeys()).containsExactly(7);
    assertThat(audit.lastReport()).isPresent();
    assertThat(registry.get("caskade.drift.found").functionCounter().count()).isEqualTo(1.0);
    assertThat(registry.get("caskade.drift.repaired").functionCounter().count()).isEqualTo(1.0);
    assertThat(registry.get("caskade.drift.audits").functionCounter().count())
        .isGreaterThanOrEqualTo(2.0);
    assertThat(registry.get("caskade.drift.ratio").gauge().value()).isZero();
  }
}
