package io.caskade.http;

import java.util.StringJoiner;

/**
 * The {@code Cache-Control} directives of one response, in whole seconds. Built by
 * {@link HttpCachePolicy} from a cache entry; rendered by {@link #headerValue()} or mapped onto a
 * framework's own type (Spring's {@code CacheControl}).
 *
 * @param visibility public, private or no-store
 * @param maxAge {@code max-age}: how long a browser may reuse the response without asking
 * @param sharedMaxAge {@code s-maxage} for shared caches (CDN), or -1 when absent
 * @param staleWhileRevalidate RFC 5861 {@code stale-while-revalidate}, 0 when absent
 * @param staleIfError RFC 5861 {@code stale-if-error}, 0 when absent
 */
public record CacheDirectives(Visibility visibility, long maxAge, long sharedMaxAge,
    long staleWhileRevalidate, long staleIfError) {

  /** Who may store the response. */
  public enum Visibility {
    /** Browsers and shared caches. */
    PUBLIC,
    /** Only the browser: no {@code s-maxage}, shared caches must not store it. */
    PRIVATE,
    /** Nobody: {@code no-store}. */
    NO_STORE
  }

  /** {@code Cache-Control: no-store}. */
  public static final CacheDirectives NO_STORE =
      new CacheDirectives(Visibility.NO_STORE, 0, -1, 0, 0);

  /** The {@code Cache-Control} header value. */
  public String headerValue() {
    if (visibility == Visibility.NO_STORE) {
      return "no-store";
    }
    StringJoiner j = new StringJoiner(", ");
    j.add(visibility == Visibility.PRIVATE ? "private" : "public");
    j.add("max-age=" + maxAge);
    if (sharedMaxAge >= 0 && visibility == Visibility.PUBLIC) {
      j.add("s-maxage=" + sharedMaxAge);
    }
    if (staleWhileRevalidate > 0) {
      j.add("stale-while-revalidate=" + staleWhileRevalidate);
    }
    if (staleIfError > 0) {
      j.add("stale-if-error=" + staleIfError);
    }
    return j.toString();
  }
}
