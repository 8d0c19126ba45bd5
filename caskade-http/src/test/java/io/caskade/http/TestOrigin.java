package io.caskade.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.caskade.http.jdk.CaskadeHttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin for the tests: a JDK HttpServer serving a cache at {@code /items/<key>} through
 * {@link CaskadeHttpHandler}, a probe at {@code /healthz}, extra pages, and a log of every request
 * it received. Can be stopped (the port then refuses connections) and started again on the same
 * port.
 */
final class TestOrigin implements AutoCloseable {

  /**
   * One request the origin received, logged when it arrived (so a client that got the answer
   * always finds it here); its status is filled in once the handler returned.
   */
  record Request(String method, String path, String ifNoneMatch, AtomicInteger statusHolder) {
    /** The status sent, or 0 while the handler still runs. */
    int status() {
      return statusHolder.get();
    }
  }

  private final HttpCacheResponder<String, ?> responder;
  private final ConcurrentLinkedQueue<Request> log = new ConcurrentLinkedQueue<>();
  private final ExecutorService executor = Executors.newFixedThreadPool(16);
  private final java.util.Map<String, String> pages = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile int failWith;
  private int port;
  private HttpServer server;

  TestOrigin(HttpCacheResponder<String, ?> responder) {
    this.responder = responder;
    start(0);
  }

  private void start(int onPort) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort),
          200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = server.getAddress().getPort();
    CaskadeHttpHandler<String> items = new CaskadeHttpHandler<>(responder,
        ex -> ex.getRequestURI().getPath().substring("/items/".length()));
    server.createContext("/items/", logged(ex -> {
      int status = failWith;
      if (status == 0) {
        items.handle(ex);
        return;
      }
      try (ex) {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, -1);
      }
    }));
    server.createContext("/healthz", ex -> {
      try (ex) {
        ex.sendResponseHeaders(200, -1);
      }
    });
    server.createContext("/page/", logged(ex -> {
      try (ex) {
        String html = pages.getOrDefault("page", "<html><body>no page</body></html>");
        byte[] b = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
      }
    }));
    server.setExecutor(executor);
    server.start();
  }

  private HttpHandler logged(HttpHandler h) {
    return ex -> {
      Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(),
          ex.getRequestHeaders().getFirst("If-None-Match"), new AtomicInteger());
      log.add(r);
      try {
        h.handle(ex);
      } finally {
        r.statusHolder().set(ex.getResponseCode());
      }
    };
  }

  /** Serves {@code html} at {@code /page/<anything>} (no-store). */
  void page(String html) {
    pages.put("page", html);
  }

  int port() {
    return port;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Requests received for {@code path}. */
  List<Request> requests(String path) {
    return log.stream().filter(r -> r.path().equals(path)).toList();
  }

  long count(String path) {
    return requests(path).size();
  }

  void clearLog() {
    log.clear();
  }

  /** Answers every {@code /items/} request with {@code status} (0: serve again); health stays up. */
  void failWith(int status) {
    this.failWith = status;
  }

  /** Stops listening: connections to the port are refused. */
  void stop() {
    server.stop(0);
  }

  /** Listens again on the same port. */
  void restart() {
    start(port);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
