package io.caskade.lab.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class FragileDatabaseIT {

  private static SourceSettings settings(int capacity, Duration latency) {
    return new SourceSettings(SourceSettings.inMemoryH2(), null, 100, latency, capacity,
        Duration.ofMillis(250));
  }

  @Test
  void findsRowsAndCountsEveryQuery() {
    try (FragileDatabase db = FragileDatabase.open(settings(2, Duration.ZERO))) {
      UserRepository repo = db.newRepository();
      assertThat(repo.find(7)).get().extracting(User::name).isEqualTo("user-7");
      assertThat(repo.find(101)).isEmpty();
      assertThat(repo.findAll(List.of(1L, 2L, 500L))).containsOnlyKeys(1L, 2L);
      assertThat(repo.ids()).hasSize(100).startsWith(1L, 2L).endsWith(100L);
      assertThat(repo.counter().queries()).isEqualTo(4);
      assertThat(repo.counter().peakPerSecond()).isBetween(1L, 4L);
    }
  }

  @Test
  void writesBypassEveryCacheAndAreVisibleToTheNextRead() {
    try (FragileDatabase db = FragileDatabase.open(settings(2, Duration.ZERO))) {
      UserRepository repo = db.newRepository();
      User u = repo.find(3).orElseThrow();
      assertThat(repo.update(u.renamed("renamed"))).isTrue();
      assertThat(repo.find(3)).get().satisfies(v -> {
        assertThat(v.name()).isEqualTo("renamed");
        assertThat(v.version()).isEqualTo(u.version() + 1);
      });
      repo.insert(new User(1000, "new", "new@caskade.test", 1));
      assertThat(repo.find(1000)).isPresent();
      assertThat(repo.update(new User(5000, "x", "x", 1))).isFalse();
    }
  }

  @Test
  void anOverloadedPoolTurnsCallersAwayAfterTheQueueTimeout() throws Exception {
    // one connection, each query holds it for 2s inside the database; the queue timeout is 250ms
    try (FragileDatabase db = FragileDatabase.open(settings(1, Duration.ofSeconds(2)))) {
      UserRepository repo = db.newRepository();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() -> {
          started.countDown();
          return repo.find(1);
        }, pool);
        started.await();
        org.awaitility.Awaitility.await().until(() -> db.busyConnections() == 1);
        assertThatThrownBy(() -> repo.find(2)).isInstanceOf(SourceOverloadedException.class);
        assertThat(repo.counter().rejections()).isEqualTo(1);
        assertThat(holder.get()).isNotNull();
        assertThat(repo.counter().queries()).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aDatabaseTakenDownFailsEveryQueryUntilBroughtBack() {
    try (FragileDatabase db = FragileDatabase.open(settings(1, Duration.ZERO))) {
      UserRepository repo = db.newRepository();
      db.setDown(true);
      assertThatThrownBy(() -> repo.find(1)).isInstanceOf(SourceException.class)
          .hasMessageContaining("down");
      db.setDown(false);
      assertThat(repo.find(1)).isPresent();
      assertThat(repo.counter().queries()).isEqualTo(1);
    }
  }

  @Test
  void rejectsUnsupportedDatabases() {
    assertThatThrownBy(() -> FragileDatabase.open(new SourceSettings("jdbc:mysql://127.0.0.1/x",
        null, 1, Duration.ZERO, 1, Duration.ofMillis(250))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
