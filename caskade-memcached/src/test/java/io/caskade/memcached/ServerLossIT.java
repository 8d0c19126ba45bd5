package io.caskade.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.memcached.internal.ItemKeys;
import io.caskade.testkit.MemcachedProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One of three servers lost: killed while readers run (its keys are loaded from the source, the
 * other servers' keys keep being served from memcached, nobody sees an error, the dead server's
 * breaker opens and its keys are refused at once), then back empty (used again without help; the
 * counters it held are gone and come back above every number issued, so no entry recorded under
 * an older version turns valid).
 */
class ServerLossIT {

  private static final int KEYS = 150;

  @Test
  void aKilledServersKeysAreLoadedWhileTheOthersServeAndItIsUsedAgainWhenBack() throws Exception {
    String name = "loss-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Integer> loadsByKey = new ConcurrentHashMap<>();
    try (Servers servers = Servers.start(3);
        Instances instances = new Instances(MemcachedConfig.builder(servers.uri())
            .operationTimeout(Duration.ofMillis(200)).breakerOpenFor(Duration.ofMillis(500))
            .build())) {
      Instances.Instance one = instances.instance(name, true, k -> {
        loadsByKey.merge(k, 1, Integer::sum);
        return "v-" + k;
      }, b -> b.disableL1());
      Cache<String, String> cache = one.cache();
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < KEYS; i++) {
        keys.add("key-" + i);
        assertThat(cache.get("key-" + i)).isEqualTo("v-key-" + i);
      }
      assertThat(loadsByKey).hasSize(KEYS);
      loadsByKey.clear();

      MemcachedServer genServer = one.fleet().serverOf(ItemKeys.counter(name + "/gen"));
      MemcachedServer victim = one.fleet().config().servers().stream()
          .filter(s -> !s.equals(genServer)).findFirst().orElseThrow();
      Set<String> victimKeys = ConcurrentHashMap.newKeySet();
      for (String k : keys) {
        if (one.fleet().serverOf(one.store().itemKey(k)).equals(victim)) {
          victimKeys.add(k);
        }
      }
      assertThat(victimKeys).isNotEmpty().hasSizeLessThan(KEYS);

      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        readers.add(pool.submit(() -> {
          int reads = 0;
          while (!stop.get()) {
            for (String k : keys) {
              assertThat(cache.get(k)).isEqualTo("v-" + k);
              reads++;
            }
          }
          return reads;
        }));
      }
      Thread.sleep(300);
      MemcachedProcess dead = servers.of(victim);
      dead.kill(); // mid-load
      Thread.sleep(1500);
      stop.set(true);
      for (Future<Integer> r : readers) {
        assertThat(r.get(30, TimeUnit.SECONDS)).isPositive(); // no reader saw an exception
      }
      pool.shutdown();

      assertThat(loadsByKey.keySet()).as("only the dead server's keys were loaded")
          .isSubsetOf(victimKeys).isNotEmpty();
      assertThat(one.fleet().states().get(victim)).contains("disconnected");
      assertThat(one.store().stats().errors()).isPositive();

      dead.restart(); // back, empty
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
          .until(() -> one.fleet().states().get(victim).startsWith("connected"));
      String k = victimKeys.iterator().next();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        loadsByKey.clear();
        cache.get(k);
        cache.get(k);
        assertThat(loadsByKey.getOrDefault(k, 0)).as("served from the server again").isZero();
      });
    }
  }

  @Test
  void aServerRestartedEmptyNeverMakesAnOlderEntryValidAgain() throws Exception {
    String name = "versions-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> source = new ConcurrentHashMap<>();
    try (Servers servers = Servers.start(3);
        Instances instances = new Instances(MemcachedConfig.of(servers.uri()))) {
      java.util.concurrent.atomic.AtomicReference<String> entryTag =
          new java.util.concurrent.atomic.AtomicReference<>();
      Instances.Instance one = instances.instance(name, true, source::get,
          b -> b.disableL1().tags((k, v) -> Set.of(entryTag.get())));
      MemcachedFleet fleet = one.fleet();
      MemcachedServer genServer = fleet.serverOf(ItemKeys.counter(name + "/gen"));
      // a tag whose counter lives on another server than the generation, and a key on a third
      String tag = null;
      for (int i = 0; tag == null; i++) {
        String t = "t" + i;
        if (!fleet.serverOf(ItemKeys.counter(name + "/tag/" + t)).equals(genServer)) {
          tag = t;
        }
      }
      entryTag.set(tag);
      MemcachedServer tagServer = fleet.serverOf(ItemKeys.counter(name + "/tag/" + tag));
      String key = null;
      for (int i = 0; key == null; i++) {
        MemcachedServer s = fleet.serverOf(one.store().itemKey("k" + i));
        if (!s.equals(tagServer)) {
          key = "k" + i;
        }
      }
      Cache<String, String> cache = one.cache();
      source.put(key, "old");
      assertThat(cache.get(key)).isEqualTo("old"); // in memcached, recording the tag's version

      source.put(key, "new");
      cache.invalidateTag(tag); // the entry stays in memcached, under an outdated tag version
      servers.of(tagServer).restart(); // ...and the tag's counter is lost
      String counter = name + "/tag/" + tag;
      await("the restarted server answers").atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .until(() -> fleet.versions().read(counter) > 0); // a re-created counter: the floor
      Thread.sleep(300); // past the cache's refresh interval (200 ms): it re-reads the counter
      // Had the counter restarted from 0 (or any number issued before), the old entry would be
      // valid again here. It never is: each read misses and loads the new row.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      while (System.nanoTime() < until) {
        assertThat(cache.get(key)).isEqualTo("new");
      }
      assertThat(cache.get(key)).isEqualTo("new");
    }
  }
}
