package io.caskade.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class MemcachedProcessTest {

  @Test
  void startsKillsAndRestartsItsOwnServerEmpty() {
    try (MemcachedProcess mc = MemcachedProcess.start()) {
      assertThat(mc.port()).isNotEqualTo(11211);
      assertThat(mc.command("set k 0 0 1\r\nv")).isEqualTo("STORED");
      assertThat(mc.command("get k")).isEqualTo("VALUE k 0 1");
      long pid = mc.pid();
      assertThat(ProcessHandle.of(pid)).isPresent();

      mc.kill();
      assertThat(mc.isAlive()).isFalse();
      assertThatThrownBy(() -> mc.command("version")).isInstanceOf(UncheckedIOException.class);

      mc.restart();
      assertThat(mc.pid()).isNotEqualTo(pid);
      assertThat(mc.command("get k")).isEqualTo("END");
    }
  }

  @Test
  void extraArgumentsReachTheServer() {
    try (MemcachedProcess mc = MemcachedProcess.start("-I", "2m")) {
      assertThat(mc.command("stats settings")).startsWith("STAT");
      assertThat(mc.uri()).isEqualTo("memcached://127.0.0.1:" + mc.port());
    }
  }
}
