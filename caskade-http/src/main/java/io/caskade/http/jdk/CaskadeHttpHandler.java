package io.caskade.http.jdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.caskade.http.HttpCacheResponder;
import io.caskade.http.HttpReply;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Serves a cache over the JDK's {@code com.sun.net.httpserver.HttpServer}: GET and HEAD of the
 * key that {@code keyOf} extracts from the exchange (null = 404), answered by an
 * {@link HttpCacheResponder} (caching headers, 304s, surrogate keys); other methods get 405.
 *
 * <pre>{@code
 * server.createContext("/users/", new CaskadeHttpHandler<>(responder,
 *     ex -> Long.valueOf(ex.getRequestURI().getPath().substring("/users/".length()))));
 * }</pre>
 *
 * @param <K> key type
 */
public final class CaskadeHttpHandler<K> implements HttpHandler {

  private final HttpCacheResponder<K, ?> responder;
  private final Function<? super HttpExchange, ? extends K> keyOf;

  public CaskadeHttpHandler(HttpCacheResponder<K, ?> responder,
      Function<? super HttpExchange, ? extends K> keyOf) {
    this.responder = Objects.requireNonNull(responder, "responder");
    this.keyOf = Objects.requireNonNull(keyOf, "keyOf");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = method.equals("HEAD");
      if (!head && !method.equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      K key;
      try {
        key = keyOf.apply(exchange);
      } catch (RuntimeException e) {
        key = null;
      }
      if (key == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      HttpReply reply = responder.respond(key, head,
          name -> exchange.getRequestHeaders().getFirst(name));
      for (Map.Entry<String, List<String>> h : reply.headers().entrySet()) {
        exchange.getResponseHeaders().put(h.getKey(), h.getValue());
      }
      byte[] body = reply.body();
      if (reply.status() == 304 || head) {
        exchange.sendResponseHeaders(reply.status(), -1);
        return;
      }
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
