package io.caskade.http.varnish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The VCL for Varnish 7 shipped with this module ({@code io/caskade/http/varnish/caskade.vcl}):
 * honours {@code s-maxage}, maps {@code stale-while-revalidate} to grace and
 * {@code stale-if-error} to the rest of grace plus keep (served only while the origin is down or
 * failing), coalesces concurrent misses, and accepts xkey purges ({@link VarnishPurger}). Needs
 * vmod xkey (Debian {@code varnish-modules}).
 */
public final class CaskadeVcl {

  /** Where the VCL lives on the class path. */
  public static final String RESOURCE = "/io/caskade/http/varnish/caskade.vcl";

  private CaskadeVcl() {}

  /** The VCL as shipped (backend 127.0.0.1:8080, probe {@code /healthz}). */
  public static String text() {
    try (InputStream in = CaskadeVcl.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The VCL with its backend pointed at {@code host:port}, probing {@code probePath}. */
  public static String render(String host, int port, String probePath) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(probePath, "probePath");
    if (host.contains("\"") || probePath.contains("\"")) {
      throw new IllegalArgumentException("host and probe path must not contain quotes");
    }
    return text()
        .replace(".host = \"127.0.0.1\";", ".host = \"" + host + "\";")
        .replace(".port = \"8080\";", ".port = \"" + port + "\";")
        .replace(".url = \"/healthz\";", ".url = \"" + probePath + "\";");
  }
}
