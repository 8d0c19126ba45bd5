package io.caskade.http.spring;

import io.caskade.http.CacheDirectives;
import io.caskade.http.HttpCacheResponder;
import io.caskade.http.HttpReply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.WebRequest;

/**
 * Spring MVC support: a controller returns {@code responses.get(key, webRequest)} and gets a
 * {@link ResponseEntity} whose {@code Cache-Control} is Spring's {@link CacheControl} built from
 * the cache's policy, with the entry's ETag, Last-Modified, Vary and surrogate keys; a matching
 * conditional request is a bodiless 304 decided from the entry's metadata, without a source load.
 *
 * <pre>{@code
 * @GetMapping("/users/{id}")
 * ResponseEntity<byte[]> user(@PathVariable long id, WebRequest request) {
 *   return responses.get(id, request);
 * }
 * }</pre>
 *
 * Needs {@code spring-webmvc} at run time (the application provides it).
 *
 * @param <K> key type
 */
public final class CaskadeResponses<K> {

  private final HttpCacheResponder<K, ?> responder;

  public CaskadeResponses(HttpCacheResponder<K, ?> responder) {
    this.responder = Objects.requireNonNull(responder, "responder");
  }

  /** The response for a GET of {@code key}. */
  public ResponseEntity<byte[]> get(K key, WebRequest request) {
    return toEntity(responder.respond(key, false, request::getHeader));
  }

  /** Spring's {@link CacheControl} for {@code d}. */
  public static CacheControl cacheControl(CacheDirectives d) {
    if (d.visibility() == CacheDirectives.Visibility.NO_STORE) {
      return CacheControl.noStore();
    }
    CacheControl cc = CacheControl.maxAge(Duration.ofSeconds(d.maxAge()));
    if (d.visibility() == CacheDirectives.Visibility.PRIVATE) {
      cc = cc.cachePrivate();
    } else {
      cc = cc.cachePublic();
      if (d.sharedMaxAge() >= 0) {
        cc = cc.sMaxAge(Duration.ofSeconds(d.sharedMaxAge()));
      }
    }
    if (d.staleWhileRevalidate() > 0) {
      cc = cc.staleWhileRevalidate(Duration.ofSeconds(d.staleWhileRevalidate()));
    }
    if (d.staleIfError() > 0) {
      cc = cc.staleIfError(Duration.ofSeconds(d.staleIfError()));
    }
    return cc;
  }

  static ResponseEntity<byte[]> toEntity(HttpReply reply) {
    HttpHeaders headers = new HttpHeaders();
    for (Map.Entry<String, List<String>> h : reply.headers().entrySet()) {
      if (!h.getKey().equalsIgnoreCase(HttpHeaders.CACHE_CONTROL)) {
        headers.put(h.getKey(), h.getValue());
      }
    }
    ResponseEntity.BodyBuilder b = ResponseEntity.status(HttpStatus.valueOf(reply.status()))
        .headers(headers)
        .cacheControl(cacheControl(reply.directives()));
    return reply.status() == 304 ? b.build() : b.body(reply.body());
  }
}
