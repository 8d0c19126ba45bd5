package io.caskade.http;

import io.caskade.CacheEntry;
import io.caskade.http.CacheDirectives.Visibility;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a cache's own policy becomes HTTP caching headers. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>a value: {@code max-age} and {@code s-maxage} are the entry's remaining fresh time
 *       (optionally capped), {@code stale-while-revalidate} and {@code stale-if-error} the
 *       cache's windows (RFC 5861);
 *   <li>a cached "not found" (404): the same, capped by {@link Builder#notFoundMaxAge} and
 *       without stale directives;
 *   <li>an error (503): browsers never store it, shared caches for {@link Builder#errorMaxAge}.
 * </ul>
 */
public final class HttpCachePolicy {

  /** Headers that carry surrogate keys: Varnish's xkey, Fastly's and Cloudflare's names. */
  public enum SurrogateHeader {
    /** {@code xkey: k1 k2} (Varnish vmod xkey). */
    XKEY("xkey", " "),
    /** {@code Surrogate-Key: k1 k2} (Fastly). */
    SURROGATE_KEY("Surrogate-Key", " "),
    /** {@code Cache-Tag: k1,k2} (Cloudflare, Akamai). */
    CACHE_TAG("Cache-Tag", ",");

    private final String headerName;
    private final String separator;

    SurrogateHeader(String headerName, String separator) {
      this.headerName = headerName;
      this.separator = separator;
    }

    public String headerName() {
      return headerName;
    }

    /** The header value for {@code keys}. */
    public String value(List<String> keys) {
      return String.join(separator, keys);
    }
  }

  private final Visibility visibility;
  private final Duration maxAgeCap;
  private final Duration sharedMaxAgeCap;
  private final boolean staleDirectives;
  private final Duration notFoundMaxAge;
  private final Duration errorMaxAge;
  private final List<String> vary;
  private final Set<SurrogateHeader> surrogateHeaders;

  private HttpCachePolicy(Builder b) {
    this.visibility = b.visibility;
    this.maxAgeCap = b.maxAgeCap;
    this.sharedMaxAgeCap = b.sharedMaxAgeCap;
    this.staleDirectives = b.staleDirectives;
    this.notFoundMaxAge = b.notFoundMaxAge;
    this.errorMaxAge = b.errorMaxAge;
    this.vary = List.copyOf(b.vary);
    this.surrogateHeaders = Set.copyOf(b.surrogateHeaders);
  }

  /** A builder with the defaults: public, uncapped, stale directives on, 5 s not-found cap. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults. */
  public static HttpCachePolicy defaults() {
    return builder().build();
  }

  /** Directives for a response built from {@code entry}. */
  public CacheDirectives forEntry(CacheEntry<?> entry) {
    if (visibility == Visibility.NO_STORE) {
      return CacheDirectives.NO_STORE;
    }
    Duration remaining = entry.remainingFresh();
    if (entry.isNotFound()) {
      long s = seconds(min(remaining, notFoundMaxAge));
      return new CacheDirectives(visibility, s, visibility == Visibility.PUBLIC ? s : -1, 0, 0);
    }
    long maxAge = seconds(maxAgeCap == null ? remaining : min(remaining, maxAgeCap));
    long shared = visibility == Visibility.PUBLIC
        ? seconds(sharedMaxAgeCap == null ? remaining : min(remaining, sharedMaxAgeCap)) : -1;
    long swr = staleDirectives ? seconds(entry.staleWhileRevalidate()) : 0;
    long sie = staleDirectives ? seconds(entry.staleIfError()) : 0;
    return new CacheDirectives(visibility, maxAge, shared, swr, sie);
  }

  /** Directives for an error response: not stored by browsers, briefly by shared caches. */
  public CacheDirectives forError() {
    if (visibility != Visibility.PUBLIC || errorMaxAge.isZero()) {
      return CacheDirectives.NO_STORE;
    }
    return new CacheDirectives(Visibility.PUBLIC, 0, seconds(errorMaxAge), 0, 0);
  }

  /** The {@code Vary} header's field names; empty for none. */
  public List<String> vary() {
    return vary;
  }

  /** Which headers carry the surrogate keys. */
  public Set<SurrogateHeader> surrogateHeaders() {
    return surrogateHeaders;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Whole seconds, rounded down: a cache never keeps a copy longer than the entry is fresh. */
  private static long seconds(Duration d) {
    return d.isNegative() ? 0 : d.getSeconds();
  }

  /** Configures an {@link HttpCachePolicy}. Not thread-safe. */
  public static final class Builder {
    private Visibility visibility = Visibility.PUBLIC;
    private Duration maxAgeCap;
    private Duration sharedMaxAgeCap;
    private boolean staleDirectives = true;
    private Duration notFoundMaxAge = Duration.ofSeconds(5);
    private Duration errorMaxAge = Duration.ofSeconds(1);
    private List<String> vary = List.of("Accept-Encoding");
    private Set<SurrogateHeader> surrogateHeaders = EnumSet.allOf(SurrogateHeader.class);

    private Builder() {}

    /** {@code private}: only the browser stores responses (per-user data); no s-maxage. */
    public Builder privateOnly() {
      this.visibility = Visibility.PRIVATE;
      return this;
    }

    /** {@code no-store}: nobody stores responses; validators still answer 304. */
    public Builder noStore() {
      this.visibility = Visibility.NO_STORE;
      return this;
    }

    /** Caps {@code max-age} (browsers), e.g. to keep them revalidating sooner than the CDN. */
    public Builder maxAgeCap(Duration cap) {
      this.maxAgeCap = nonNegative(cap, "maxAgeCap");
      return this;
    }

    /** Caps {@code s-maxage} (shared caches). */
    public Builder sharedMaxAgeCap(Duration cap) {
      this.sharedMaxAgeCap = nonNegative(cap, "sharedMaxAgeCap");
      return this;
    }

    /** Whether to send {@code stale-while-revalidate}/{@code stale-if-error} (default true). */
    public Builder staleDirectives(boolean on) {
      this.staleDirectives = on;
      return this;
    }

    /** Cap on how long a 404 from a cached "not found" may be reused (default 5 s). */
    public Builder notFoundMaxAge(Duration d) {
      this.notFoundMaxAge = nonNegative(d, "notFoundMaxAge");
      return this;
    }

    /** How long shared caches may reuse an error (default 1 s; zero = no-store). */
    public Builder errorMaxAge(Duration d) {
      this.errorMaxAge = nonNegative(d, "errorMaxAge");
      return this;
    }

    /** The {@code Vary} field names (default {@code Accept-Encoding}). */
    public Builder vary(String... fieldNames) {
      this.vary = List.of(fieldNames);
      return this;
    }

    /** Which surrogate-key headers to send (default all three; none = no surrogate keys). */
    public Builder surrogateHeaders(SurrogateHeader... headers) {
      this.surrogateHeaders = headers.length == 0 ? Set.of() : EnumSet.copyOf(List.of(headers));
      return this;
    }

    public HttpCachePolicy build() {
      return new HttpCachePolicy(this);
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return d;
    }
  }
}
