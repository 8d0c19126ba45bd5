package io.caskade.lab.scenario;

import io.caskade.testkit.VarnishProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/** Whether the lab can start the CDN layer: varnishd and vmod xkey installed (Debian packages). */
final class HttpLayers {

  static final String INSTALL = "apt-get install -y varnish varnish-modules";

  private static final AtomicBoolean TOLD = new AtomicBoolean();

  private HttpLayers() {}

  /** True when varnishd and vmod xkey are installed. */
  static boolean available() {
    return VarnishProcess.binary().isPresent()
        && Stream.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib",
                "/usr/local/lib")
            .anyMatch(d -> Files.exists(Path.of(d, "varnish/vmods/libvmod_xkey.so")));
  }

  /** Says once, on stderr, why the CDN variants are left out and how to get them. */
  static void explainMissing(String variant) {
    if (TOLD.compareAndSet(false, true)) {
      System.err.println("hierarchy: variant " + variant + " needs Varnish 7 with vmod xkey, "
          + "which is not installed; running the other variants. Install it with: " + INSTALL);
    }
  }
}
