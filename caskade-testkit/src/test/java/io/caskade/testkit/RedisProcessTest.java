package io.caskade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class RedisProcessTest {

  @Test
  void startsPausesResumesKillsAndRestartsItsOwnServer() throws IOException {
    try (RedisProcess redis = RedisProcess.start()) {
      assertThat(redis.port()).isNotEqualTo(6379);
      assertThat(Resp.command(redis.host(), redis.port(), 500, "SET", "k", "v")).isEqualTo("OK");
      long pid = redis.pid();
      assertThat(ProcessHandle.of(pid)).isPresent();

      redis.pause();
      assertThat(Resp.answersPing(redis.host(), redis.port(), 200)).isFalse();
      redis.resume();
      assertThat(Resp.answersPing(redis.host(), redis.port(), 2000)).isTrue();

      redis.kill();
      assertThat(redis.isAlive()).isFalse();
      assertThat(Resp.answersPing(redis.host(), redis.port(), 200)).isFalse();

      redis.restart();
      assertThat(redis.pid()).isNotEqualTo(pid);
      assertThat(Resp.command(redis.host(), redis.port(), 500, "GET", "k")).isNull();
    }
  }

  @Test
  void closeDeletesTheDirectory() {
    RedisProcess redis = RedisProcess.start();
    redis.close();
    assertThat(Files.exists(redis.dir())).isFalse();
    assertThat(redis.isAlive()).isFalse();
  }

  @Test
  void sharedRedisAnswers() {
    String uri = RedisServers.shared();
    assertThat(Resp.answersPing(RedisServers.host(uri), RedisServers.port(uri), 1000)).isTrue();
  }

  @Test
  void clusterOfThreeMastersReachesOk() throws IOException {
    try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
      assertThat(cluster.nodes()).hasSize(3);
      RedisProcess first = cluster.nodes().get(0);
      assertThat(Resp.command(first.host(), first.port(), 500, "CLUSTER", "INFO"))
          .contains("cluster_state:ok").contains("cluster_known_nodes:3");
    }
  }
}
