package io.caskade.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.testkit.RedisServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A normal close logs nothing: background work stops, then connections, then client resources. */
class CleanCloseIT {

  @Test
  void twentyBuildAndCloseCyclesLogNoWarning() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 20; i++) {
        String name = Tiers.uniqueName("close");
        RedisTier<String, String> tier = Tiers.shared(name).build();
        Cache<String, String> cache = Caskade.<String, String>builder(name).l2(tier)
            .loader(k -> "v-" + k).build();
        cache.get("a");
        cache.put("b", "w");
        cache.invalidate("a");
        cache.close();
        tier.close();
      }
    } finally {
      System.setErr(original);
    }
    List<String> warnings = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
    assertThat(warnings).as("log lines at WARN or ERROR during 20 clean build/close cycles")
        .isEmpty();
  }
}
