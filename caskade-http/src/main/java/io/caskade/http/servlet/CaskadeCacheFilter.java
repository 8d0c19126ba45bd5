package io.caskade.http.servlet;

import io.caskade.http.HttpCacheResponder;
import io.caskade.http.HttpReply;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Servlet filter that answers GET/HEAD requests for cached resources straight from a
 * {@link HttpCacheResponder} — caching headers from the cache's policy, {@code 304} from the
 * entry's metadata without a source load, surrogate keys — before any servlet runs. Requests for
 * which {@code keyOf} returns null, and other methods, continue down the chain.
 *
 * <pre>{@code
 * context.addFilter("users", new CaskadeCacheFilter<>(responder,
 *     req -> req.getRequestURI().startsWith("/users/")
 *         ? Long.valueOf(req.getRequestURI().substring(7)) : null)).addMappingForUrlPatterns(...);
 * }</pre>
 *
 * Needs {@code jakarta.servlet-api} 6 at run time (the container provides it).
 *
 * @param <K> key type
 */
public final class CaskadeCacheFilter<K> implements Filter {

  private final HttpCacheResponder<K, ?> responder;
  private final Function<? super HttpServletRequest, ? extends K> keyOf;

  public CaskadeCacheFilter(HttpCacheResponder<K, ?> responder,
      Function<? super HttpServletRequest, ? extends K> keyOf) {
    this.responder = Objects.requireNonNull(responder, "responder");
    this.keyOf = Objects.requireNonNull(keyOf, "keyOf");
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    String method = request.getMethod();
    boolean head = "HEAD".equals(method);
    K key = head || "GET".equals(method) ? keyOf.apply(request) : null;
    if (key == null) {
      chain.doFilter(req, res);
      return;
    }
    HttpReply reply = responder.respond(key, head, request::getHeader);
    response.setStatus(reply.status());
    for (Map.Entry<String, List<String>> h : reply.headers().entrySet()) {
      for (String v : h.getValue()) {
        response.addHeader(h.getKey(), v);
      }
    }
    if (reply.body().length > 0) {
      response.setContentLength(reply.body().length);
      response.getOutputStream().write(reply.body());
    }
  }
}
