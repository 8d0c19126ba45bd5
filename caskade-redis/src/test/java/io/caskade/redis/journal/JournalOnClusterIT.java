package io.caskade.redis.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.RedisClusterProcess;
import io.caskade.testkit.RedisProcess;
import io.caskade.write.CacheWriter;
import io.caskade.write.WriteBehind;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The journal's scripts on a real 3-master Redis Cluster: the stream's node loses its data
 * (FLUSHALL) while changes wait; the flusher recreates its group and the loss is reported.
 */
class JournalOnClusterIT {

  /** Records what reaches it; the first batch waits for the gate. */
  static final class GatedMapWriter implements CacheWriter<String, String> {
    final Map<String, String> rows = new ConcurrentHashMap<>();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);

    @Override
    public void write(String key, String value) throws Exception {
      entered.countDown();
      open.await();
      rows.put(key, value);
    }

    @Override
    public void delete(String key) {
      rows.remove(key);
    }
  }

  @Test
  void redisLosingTheJournalIsRecoveredAndReportedOnACluster() throws Exception {
    try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
      RedisConfig config = RedisConfig.cluster(cluster.uris());
      String name = "cluster-" + Long.toHexString(System.nanoTime());
      assertThatThrownBy(() -> RedisWriteJournal.builder(config, name, KeyCodec.strings(),
          StringCodec.utf8()).waitForReplicas(1, Duration.ofSeconds(1)).build())
          .hasMessageContaining("not on Redis Cluster");
      assertThatThrownBy(() -> RedisWriteJournal.builder(config, name, KeyCodec.strings(),
          StringCodec.utf8()).requirePersistence().build())
          .hasMessageContaining("appendonly=no");
      List<LostWrites<String, String>> reports = new CopyOnWriteArrayList<>();
      GatedMapWriter writer = new GatedMapWriter();
      try (RedisWriteJournal<String, String> journal = RedisWriteJournal.builder(config, name,
              KeyCodec.strings(), StringCodec.utf8())
          .settings(WriteBehind.builder().batchSize(1).maxDelay(Duration.ZERO).build())
          .onLostWrites(reports::add).build()) {
        journal.start(writer);
        for (int i = 0; i < 50; i++) {
          journal.enqueue("k" + i, "v" + i);
        }
        assertThat(writer.entered.await(10, TimeUnit.SECONDS)).isTrue();
        for (RedisProcess node : cluster.nodes()) {
          RedisClient client = RedisClient.create(node.uri());
          try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().flushall();
          } finally {
            client.shutdown();
          }
        }
        writer.open.countDown();
        journal.enqueue("after", "1");
        await().atMost(Duration.ofSeconds(20)).until(() -> writer.rows.containsKey("after")
            && !reports.isEmpty());
        Set<String> accounted = new HashSet<>(writer.rows.keySet());
        reports.forEach(r -> accounted.addAll(r.keys()));
        for (int i = 0; i < 50; i++) {
          assertThat(accounted).contains("k" + i);
        }
        assertThat(journal.stats().lostWrites()).isPositive()
            .isEqualTo(reports.stream().mapToInt(LostWrites::count).sum());
      }
    }
  }
}
