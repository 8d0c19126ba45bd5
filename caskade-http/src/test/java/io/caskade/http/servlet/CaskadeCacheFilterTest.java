package io.caskade.http.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.http.HttpCacheResponder;
import io.caskade.http.Representation;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter in a real servlet container (embedded Jetty 12), over real HTTP. */
class CaskadeCacheFilterTest {

  private final AtomicInteger loads = new AtomicInteger();
  private final HttpClient client = HttpClient.newHttpClient();
  private Cache<String, String> cache;
  private Server server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    cache = Caskade.<String, String>builder("servlet-" + UUID.randomUUID())
        .loader(k -> "user " + k + " #" + loads.incrementAndGet())
        .ttl(Duration.ofSeconds(60))
        .staleIfError(Duration.ofSeconds(600))
        .build();
    HttpCacheResponder<String, String> responder = HttpCacheResponder.of(cache,
        Representation.text("text/plain", v -> v));
    server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(new CaskadeCacheFilter<>(responder,
        req -> req.getRequestURI().startsWith("/users/")
            ? req.getRequestURI().substring("/users/".length()) : null)),
        "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.getWriter().write("servlet");
      }
    }), "/*");
    server.setHandler(context);
    server.start();
    base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0])
        .getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
    cache.close();
  }

  private HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void cachedResourcesAreAnsweredByTheFilterWithTheirHeadersAnd304s() throws Exception {
    HttpResponse<String> first = get("/users/42", null);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("user 42 #1");
    assertThat(first.headers().firstValue("Cache-Control").orElseThrow())
        .matches("public, max-age=(59|60), s-maxage=(59|60), stale-if-error=600");
    assertThat(first.headers().firstValue("xkey").orElseThrow())
        .startsWith("servlet-").contains("/42");
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> revalidated = get("/users/42", etag);
    assertThat(revalidated.statusCode()).isEqualTo(304);
    assertThat(revalidated.body()).isEmpty();
    assertThat(loads).hasValue(1);

    assertThat(get("/other", null).body()).isEqualTo("servlet"); // not a cached resource
  }
}
