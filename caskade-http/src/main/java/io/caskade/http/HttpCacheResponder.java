package io.caskade.http;

import io.caskade.Cache;
import io.caskade.CacheEntry;
import io.caskade.CacheLoadException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers HTTP GET/HEAD requests for one {@link Cache}, with caching headers derived from the
 * cache's own policy ({@link HttpCachePolicy}), validators from the entry ({@link Validators}) and
 * surrogate keys ({@link SurrogateKeys}). Framework-neutral: the JDK handler, the Servlet filter
 * and the Spring support all delegate here.
 *
 * <ul>
 *   <li>A conditional request whose validators match what the cache holds fresh is answered
 *       {@code 304} from the entry's metadata, without a body and without a source load (a stale
 *       entry is read through first, so that stale-while-revalidate refreshes it).
 *   <li>Otherwise the cache reads through (L1 → L2 → one load) and the entry's value is rendered:
 *       {@code 200}; a cached "not found" is {@code 404}; a failed load with nothing stale to
 *       serve is {@code 503} with the error policy.
 * </ul>
 *
 * Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class HttpCacheResponder<K, V> {

  private static final Logger log = LoggerFactory.getLogger(HttpCacheResponder.class);
  private static final byte[] NO_BODY = new byte[0];

  private final Cache<K, V> cache;
  private final Representation<? super V> representation;
  private final HttpCachePolicy policy;
  private final SurrogateKeys<K> surrogateKeys;

  private HttpCacheResponder(Cache<K, V> cache, Representation<? super V> representation,
      HttpCachePolicy policy, SurrogateKeys<K> surrogateKeys) {
    this.cache = cache;
    this.representation = representation;
    this.policy = policy;
    this.surrogateKeys = surrogateKeys;
  }

  /** A responder for {@code cache}, rendering values with {@code representation}. */
  public static <K, V> HttpCacheResponder<K, V> of(Cache<K, V> cache,
      Representation<? super V> representation) {
    return of(cache, representation, HttpCachePolicy.defaults(), SurrogateKeys.of(cache.name()));
  }

  /** A responder with an explicit policy and surrogate-key naming. */
  public static <K, V> HttpCacheResponder<K, V> of(Cache<K, V> cache,
      Representation<? super V> representation, HttpCachePolicy policy,
      SurrogateKeys<K> surrogateKeys) {
    return new HttpCacheResponder<>(Objects.requireNonNull(cache, "cache"),
        Objects.requireNonNull(representation, "representation"),
        Objects.requireNonNull(policy, "policy"),
        Objects.requireNonNull(surrogateKeys, "surrogateKeys"));
  }

  /** The cache this responder reads. */
  public Cache<K, V> cache() {
    return cache;
  }

  /** The surrogate-key naming (use the same one for purging). */
  public SurrogateKeys<K> surrogateKeys() {
    return surrogateKeys;
  }

  /**
   * The response for a GET (or HEAD, {@code head = true}) of {@code key}.
   *
   * @param requestHeader the request's header values by name (case-insensitive), null if absent
   */
  public HttpReply respond(K key, boolean head, UnaryOperator<String> requestHeader) {
    Objects.requireNonNull(key, "key");
    String ifNoneMatch = requestHeader.apply("If-None-Match");
    String ifModifiedSince = requestHeader.apply("If-Modified-Since");
    boolean conditional = Validators.isConditional(ifNoneMatch, ifModifiedSince);
    if (conditional) {
      // Never loads. Only a fresh entry answers here: a stale one goes through getEntry below,
      // which starts its stale-while-revalidate refresh.
      Optional<CacheEntry<V>> held = cache.entry(key);
      if (held.isPresent() && held.get().isFresh()
          && Validators.notModified(held.get(), ifNoneMatch, ifModifiedSince)) {
        return notModified(key, held.get());
      }
    }
    CacheEntry<V> entry;
    try {
      entry = cache.getEntry(key);
    } catch (CacheLoadException e) {
      log.debug("load of {} failed, answering 503", key, e);
      return error(head);
    }
    if (conditional && Validators.notModified(entry, ifNoneMatch, ifModifiedSince)) {
      return notModified(key, entry);
    }
    if (entry.isNotFound()) {
      HttpReply.Headers h = cacheHeaders(key, entry);
      h.set("Content-Type", "text/plain; charset=utf-8");
      return new HttpReply(404, h.map(), head ? NO_BODY : bytes("not found\n"),
          policy.forEntry(entry));
    }
    HttpReply.Headers h = cacheHeaders(key, entry);
    h.set("Content-Type", representation.contentType());
    byte[] body = representation.render(entry.value().orElseThrow());
    return new HttpReply(200, h.map(), head ? NO_BODY : body, policy.forEntry(entry));
  }

  private HttpReply notModified(K key, CacheEntry<V> entry) {
    return new HttpReply(304, cacheHeaders(key, entry).map(), NO_BODY, policy.forEntry(entry));
  }

  private HttpReply error(boolean head) {
    CacheDirectives d = policy.forError();
    HttpReply.Headers h = new HttpReply.Headers().set("Cache-Control", d.headerValue())
        .set("Retry-After", "1").set("Content-Type", "text/plain; charset=utf-8");
    return new HttpReply(503, h.map(), head ? NO_BODY : bytes("source unavailable\n"), d);
  }

  private HttpReply.Headers cacheHeaders(K key, CacheEntry<V> entry) {
    HttpReply.Headers h = new HttpReply.Headers();
    h.set("Cache-Control", policy.forEntry(entry).headerValue());
    h.set("ETag", Validators.etag(entry));
    h.set("Last-Modified", Validators.httpDate(Validators.lastModified(entry)));
    if (!policy.vary().isEmpty()) {
      h.set("Vary", String.join(", ", policy.vary()));
    }
    if (!policy.surrogateHeaders().isEmpty()) {
      List<String> keys = surrogateKeys.forResponse(key, entry.tags());
      for (HttpCachePolicy.SurrogateHeader s : policy.surrogateHeaders()) {
        h.set(s.headerName(), s.value(keys));
      }
    }
    return h;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
