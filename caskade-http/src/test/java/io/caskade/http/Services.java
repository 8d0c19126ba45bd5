package io.caskade.http;

import static org.assertj.core.api.Assertions.fail;

import io.caskade.testkit.VarnishProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Real external programs the tests need: with CI=true a missing one fails, else it skips. */
final class Services {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private Services() {}

  static void requireVarnish() {
    require(VarnishProcess.binary().isPresent() && xkeyInstalled(),
        "varnishd and vmod xkey (apt-get install -y varnish varnish-modules)");
  }

  static void requireChromium() {
    require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromedriver (apt-get install -y chromium chromium-driver)");
  }

  private static boolean xkeyInstalled() {
    return Stream.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib",
            "/usr/local/lib")
        .anyMatch(d -> Files.exists(Path.of(d, "varnish/vmods/libvmod_xkey.so")));
  }

  private static void require(boolean present, String what) {
    if (present) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true and " + what + " is missing");
    }
    Assumptions.abort(what + " not installed");
  }
}
