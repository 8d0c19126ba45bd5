package io.caskade.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedisBinariesTest {

  /** The fallback for machines without redis-server on PATH must be a working binary. */
  @Test
  void theBundledServerRuns() throws Exception {
    Path server = RedisBinaries.bundledServer();
    Process p = new ProcessBuilder(server.toString(), "--version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("Redis server v=");
  }
}
