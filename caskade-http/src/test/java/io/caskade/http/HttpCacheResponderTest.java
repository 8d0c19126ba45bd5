package io.caskade.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.time.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The responder on a real Caskade cache with a fake clock: headers, 304s, 404s and 503s. */
class HttpCacheResponderTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final FakeClock clock = new FakeClock(T0.getEpochSecond() * 1_000_000_000L);
  private final AtomicInteger loads = new AtomicInteger();
  private final AtomicBoolean sourceDown = new AtomicBoolean();
  private final Cache<String, String> cache = Caskade.<String, String>builder("products")
      .loader(k -> {
        loads.incrementAndGet();
        if (sourceDown.get()) {
          throw new IllegalStateException("database down");
        }
        return k.startsWith("missing") ? null : "{\"id\":\"" + k + "\"}";
      })
      .ttl(Duration.ofSeconds(60))
      .negativeTtl(Duration.ofSeconds(30))
      .staleWhileRevalidate(Duration.ofSeconds(10))
      .staleIfError(Duration.ofSeconds(300))
      .tags((k, v) -> Set.of("product-" + k, "catalog"))
      .clock(clock)
      .build();

  @AfterEach
  void close() {
    cache.close();
  }

  private HttpCacheResponder<String, String> responder(HttpCachePolicy policy) {
    return HttpCacheResponder.of(cache, Representation.text("application/json", v -> v), policy,
        SurrogateKeys.of("products"));
  }

  private static UnaryOperator<String> headers(String... nameValue) {
    Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < nameValue.length; i += 2) {
      m.put(nameValue[i], nameValue[i + 1]);
    }
    return m::get;
  }

  @Test
  void aValueGetsMaxAgeFromTheRemainingFreshTimeAndTheStaleWindows() {
    HttpCacheResponder<String, String> r = responder(HttpCachePolicy.defaults());
    HttpReply first = r.respond("42", false, headers());
    assertThat(first.status()).isEqualTo(200);
    assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"42\"}");
    assertThat(first.header("Cache-Control"))
        .isEqualTo("public, max-age=60, s-maxage=60, stale-while-revalidate=10, "
            + "stale-if-error=300");
    assertThat(first.header("ETag")).matches("\"[0-9a-f]+\"");
    assertThat(first.header("Last-Modified")).isEqualTo("Sun, 1 Mar 2026 10:00:00 GMT");
    assertThat(first.header("Vary")).isEqualTo("Accept-Encoding");
    assertThat(first.header("xkey")).isEqualTo("products/42 products/* catalog product-42")
        .isEqualTo(first.header("Surrogate-Key"));
    assertThat(first.header("Cache-Tag")).isEqualTo("products/42,products/*,catalog,product-42");
    assertThat(first.header("Content-Type")).isEqualTo("application/json; charset=utf-8");

    clock.advance(Duration.ofMillis(20_500));
    HttpReply later = r.respond("42", false, headers());
    assertThat(later.header("Cache-Control")).startsWith("public, max-age=39, s-maxage=39,");
    assertThat(later.header("ETag")).isEqualTo(first.header("ETag"));
    assertThat(loads).hasValue(1);
  }

  @Test
  void ifNoneMatchIsAnswered304WithoutBodyAndWithoutALoad() {
    HttpCacheResponder<String, String> r = responder(HttpCachePolicy.defaults());
    String etag = r.respond("7", false, headers()).header("ETag");
    clock.advance(Duration.ofSeconds(5));
    HttpReply reply = r.respond("7", false, headers("If-None-Match", "\"zzz\", " + etag));
    assertThat(reply.status()).isEqualTo(304);
    assertThat(reply.body()).isEmpty();
    assertThat(reply.header("ETag")).isEqualTo(etag);
    assertThat(reply.header("Cache-Control")).contains("max-age=55");
    assertThat(loads).hasValue(1);

    HttpReply other = r.respond("7", false, headers("If-None-Match", "\"other\""));
    assertThat(other.status()).isEqualTo(200);
    assertThat(loads).hasValue(1);
  }

  @Test
  void aConditionalRequestOnAStaleEntryStillStartsItsRefresh() {
    HttpCacheResponder<String, String> r = responder(HttpCachePolicy.defaults());
    String etag = r.respond("12", false, headers()).header("ETag");
    clock.advance(Duration.ofSeconds(65)); // inside stale-while-revalidate
    HttpReply reply = r.respond("12", false, headers("If-None-Match", etag));
    assertThat(reply.status()).isEqualTo(304);
    assertThat(reply.header("Cache-Control")).startsWith("public, max-age=0, s-maxage=0");
    await().atMost(Duration.ofSeconds(10)).until(() -> loads.get() == 2);
    assertThat(r.respond("12", false, headers("If-None-Match", etag)).status()).isEqualTo(200);
  }

  @Test
  void ifModifiedSinceIsAnswered304AndIgnoredWhenIfNoneMatchIsPresent() {
    HttpCacheResponder<String, String> r = responder(HttpCachePolicy.defaults());
    String lastModified = r.respond("8", false, headers()).header("Last-Modified");
    assertThat(r.respond("8", false, headers("If-Modified-Since", lastModified)).status())
        .isEqualTo(304);
    assertThat(r.respond("8", false, headers("If-Modified-Since", "Sat, 28 Feb 2026 10:00:00 GMT"))
        .status()).isEqualTo(200);
    assertThat(r.respond("8", false,
        headers("If-Modified-Since", lastModified, "If-None-Match", "\"nope\"")).status())
        .isEqualTo(200);
    assertThat(loads).hasValue(1);
  }

  @Test
  void aConditionalRequestForAnExpiredEntryLoadsAndComparesTheNewVersion() {
    HttpCacheResponder<String, String> r = responder(HttpCachePolicy.defaults());
    String etag = r.respond("9", false, headers()).header("ETag");
    clock.advance(Duration.ofSeconds(400)); // past every window: gone
    HttpReply reply = r.respond("9", false, headers("If-None-Match", etag));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isNotEqualTo(etag);
    assertThat(loads).hasValue(2);
  }

  @Test
  void notFoundGets404WithTheShortNegativePolicy() {
    HttpCacheResponder<String, String> r = responder(HttpCachePolicy.defaults());
    HttpReply reply = r.respond("missing-1", false, headers());
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.header("Cache-Control")).isEqualTo("public, max-age=5, s-maxage=5");
    assertThat(r.respond("missing-1", false, headers()).status()).isEqualTo(404);
    assertThat(loads).hasValue(1);
  }

  @Test
  void aFailedLoadWithNothingStaleIs503WithTheErrorPolicy() {
    sourceDown.set(true);
    HttpReply reply = responder(HttpCachePolicy.defaults()).respond("10", false, headers());
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("Cache-Control")).isEqualTo("public, max-age=0, s-maxage=1");
    assertThat(reply.header("Retry-After")).isEqualTo("1");
  }

  @Test
  void staleIfErrorServesTheOldEntryWithMaxAgeZero() {
    HttpCacheResponder<String, String> r = responder(HttpCachePolicy.defaults());
    String etag = r.respond("11", false, headers()).header("ETag");
    clock.advance(Duration.ofSeconds(100)); // past fresh and stale-while-revalidate
    sourceDown.set(true);
    HttpReply reply = r.respond("11", false, headers());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("ETag")).isEqualTo(etag);
    assertThat(reply.header("Cache-Control")).startsWith("public, max-age=0, s-maxage=0");
  }

  @Test
  void privateNoStoreCapsAndHead() {
    assertThat(responder(HttpCachePolicy.builder().privateOnly().build())
        .respond("1", false, headers()).header("Cache-Control"))
        .isEqualTo("private, max-age=60, stale-while-revalidate=10, stale-if-error=300");
    assertThat(responder(HttpCachePolicy.builder().noStore().build())
        .respond("1", false, headers()).header("Cache-Control")).isEqualTo("no-store");
    assertThat(responder(HttpCachePolicy.builder().maxAgeCap(Duration.ofSeconds(2))
        .staleDirectives(false).vary("Accept", "Accept-Encoding").build())
        .respond("1", false, headers()))
        .satisfies(reply -> {
          assertThat(reply.header("Cache-Control")).isEqualTo("public, max-age=2, s-maxage=60");
          assertThat(reply.header("Vary")).isEqualTo("Accept, Accept-Encoding");
        });
    HttpReply head = responder(HttpCachePolicy.defaults()).respond("1", true, headers());
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void surrogateKeysAreEncodedSoSeparatorsCannotSplitThem() {
    SurrogateKeys<String> keys = SurrogateKeys.of("my cache");
    assertThat(keys.key("a b,c")).isEqualTo("my%20cache/a%20b%2Cc");
    assertThat(keys.tag("é")).isEqualTo("%C3%A9");
    assertThat(keys.namespace()).isEqualTo("my%20cache/*");
  }
}
