package io.caskade.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.http.purge.AsyncPurger;
import io.caskade.http.purge.PurgingCache;
import io.caskade.http.varnish.CaskadeVcl;
import io.caskade.http.varnish.VarnishPurger;
import io.caskade.testkit.VarnishProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real Varnish 7 with the shipped VCL in front of a real origin on Caskade (JDK HttpServer +
 * {@link io.caskade.http.jdk.CaskadeHttpHandler}): edge hits, one origin request per expiry under
 * grace, stale-if-error while the origin is down, and xkey purges on invalidation.
 */
class VarnishEdgeIT {

  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger sourceLoads = new AtomicInteger();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private VarnishProcess varnish;
  private TestOrigin origin;
  private Cache<String, String> cache;

  @BeforeEach
  void requireVarnish() {
    Services.requireVarnish();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private void start(HttpCachePolicy policy, Duration swr, Duration sie) {
    cache = Caskade.<String, String>builder("edge-" + UUID.randomUUID())
        .loader(k -> {
          sourceLoads.incrementAndGet();
          return "item " + k + " v" + sourceLoads.get();
        })
        .ttl(Duration.ofSeconds(60))
        .staleWhileRevalidate(swr)
        .staleIfError(sie)
        .tags((k, v) -> Set.of("product-" + k))
        .build();
    closeables.add(cache);
    HttpCacheResponder<String, String> responder = HttpCacheResponder.of(cache,
        Representation.text("text/plain", v -> v), policy, SurrogateKeys.of("items"));
    origin = new TestOrigin(responder);
    closeables.add(origin);
    varnish = VarnishProcess.start(CaskadeVcl.render("127.0.0.1", origin.port(), "/healthz"));
    closeables.add(varnish);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(varnish.uri().resolve(path))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean hit(HttpResponse<?> r) {
    return "HIT".equals(r.headers().firstValue("X-Cache").orElse(""));
  }

  /** Waits (polling the clock, not sleeping blind) until the edge copy fetched at t is past ttl. */
  private static void awaitPast(Instant fetchedBy, Duration ttl) {
    Instant deadline = fetchedBy.plus(ttl).plusMillis(300);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> Instant.now().isAfter(deadline));
  }

  @Test
  void theEdgeAbsorbsRepeatedRequests() throws Exception {
    start(HttpCachePolicy.defaults(), Duration.ZERO, Duration.ZERO);
    int hits = 0;
    int requests = 0;
    for (int round = 0; round < 20; round++) {
      for (int k = 0; k < 10; k++) {
        HttpResponse<String> r = get("/items/" + k);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("item " + k);
        assertThat(r.headers().firstValue("xkey")).isEmpty(); // stripped at the edge
        assertThat(r.headers().firstValue("Cache-Control").orElseThrow()).contains("s-maxage=");
        hits += hit(r) ? 1 : 0;
        requests++;
      }
    }
    long originRequests = 0;
    for (int k = 0; k < 10; k++) {
      originRequests += origin.count("/items/" + k);
    }
    System.out.printf("edge hit ratio: %d/%d = %.3f, origin requests %d%n", hits, requests,
        hits / (double) requests, originRequests);
    assertThat(hits).isEqualTo(190);
    assertThat(originRequests).isEqualTo(10);
  }

  @Test
  void hundredConcurrentClientsAcrossAnExpirySendOneOriginRequestUnderGrace() throws Exception {
    start(HttpCachePolicy.builder().sharedMaxAgeCap(Duration.ofSeconds(3)).build(),
        Duration.ofSeconds(30), Duration.ofSeconds(60));
    Burst burst = burstAcrossExpiry();
    System.out.println("with grace: " + burst);
    assertThat(burst.originRequests()).isEqualTo(1);
    assertThat(burst.edgeHits()).isEqualTo(100); // every client got the stale copy at once
  }

  @Test
  void withoutGraceTheEdgeStillCoalescesTheMiss() throws Exception {
    start(HttpCachePolicy.builder().sharedMaxAgeCap(Duration.ofSeconds(3))
        .staleDirectives(false).build(), Duration.ZERO, Duration.ZERO);
    Burst burst = burstAcrossExpiry();
    System.out.println("without grace: " + burst);
    assertThat(burst.originRequests()).isEqualTo(1);
  }

  /** What a burst of 100 clients across an expiry cost: origin requests and edge hits. */
  record Burst(int originRequests, int edgeHits) {}

  /** Warms one key, lets the edge copy expire, fires 100 clients at once. */
  private Burst burstAcrossExpiry() throws Exception {
    int hits = 0;
    HttpResponse<String> warm = get("/items/hot");
    Instant fetchedBy = Instant.now();
    assertThat(warm.statusCode()).isEqualTo(200);
    assertThat(get("/items/hot").headers().firstValue("X-Cache")).contains("HIT");
    awaitPast(fetchedBy, Duration.ofSeconds(3));
    long before = origin.count("/items/hot");
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> all = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        all.add(pool.submit(() -> {
          go.await();
          return get("/items/hot");
        }));
      }
      go.countDown();
      for (Future<HttpResponse<String>> f : all) {
        HttpResponse<String> r = f.get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("item hot");
        hits += hit(r) ? 1 : 0;
      }
    } finally {
      pool.shutdownNow();
    }
    // a background fetch may still be on its way: wait for it before counting
    await().atMost(Duration.ofSeconds(10))
        .until(() -> origin.count("/items/hot") > before);
    return new Burst((int) (origin.count("/items/hot") - before), hits);
  }

  @Test
  void originDownServesStaleInsideStaleIfError() throws Exception {
    start(HttpCachePolicy.builder().sharedMaxAgeCap(Duration.ofSeconds(1)).build(),
        Duration.ZERO, Duration.ofSeconds(120));
    HttpResponse<String> warm = get("/items/1");
    Instant fetchedBy = Instant.now();
    String etag = warm.headers().firstValue("ETag").orElseThrow();
    origin.stop();
    awaitPast(fetchedBy, Duration.ofSeconds(1));
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = get("/items/1");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(warm.body());
      assertThat(r.headers().firstValue("ETag")).contains(etag);
    }
    assertThat(get("/items/never-cached").statusCode()).isEqualTo(503);
    // the probe notices the origin is down; stale is then served without trying it
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      HttpResponse<String> r = get("/items/1");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(warm.body());
    });
  }

  @Test
  void anOriginAnswering5xxNeverReplacesTheStaleCopyInsideStaleIfError() throws Exception {
    start(HttpCachePolicy.builder().sharedMaxAgeCap(Duration.ofSeconds(1)).build(),
        Duration.ZERO, Duration.ofSeconds(120));
    HttpResponse<String> warm = get("/items/2");
    Instant fetchedBy = Instant.now();
    origin.failWith(500); // the probe stays healthy: Varnish must try the origin first
    awaitPast(fetchedBy, Duration.ofSeconds(1));
    long before = origin.count("/items/2");
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = get("/items/2");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(warm.body());
    }
    assertThat(origin.count("/items/2")).isGreaterThan(before); // it did ask, and got 500s
    origin.failWith(0);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(get("/items/2").statusCode()).isEqualTo(200));
  }

  @Test
  void invalidationsPurgeTheEdgeThroughXkey() throws Exception {
    start(HttpCachePolicy.defaults(), Duration.ofSeconds(30), Duration.ofSeconds(60));
    AsyncPurger purger = AsyncPurger.builder(VarnishPurger.of(varnish.uri())).build();
    closeables.add(purger);
    Cache<String, String> purging = PurgingCache.wrap(cache, SurrogateKeys.of("items"), purger);
    for (String k : List.of("1", "2", "3")) {
      get("/items/" + k);
      assertThat(hit(get("/items/" + k))).as("edge hit for " + k).isTrue();
    }

    purging.invalidateTag("product-1");
    await().atMost(Duration.ofSeconds(10)).until(() -> purger.stats().purged() >= 1);
    HttpResponse<String> afterTag = get("/items/1");
    assertThat(hit(afterTag)).isFalse();
    assertThat(afterTag.body()).isEqualTo("item 1 v4"); // reloaded: the tag was bumped
    assertThat(origin.count("/items/1")).isEqualTo(2);
    assertThat(hit(get("/items/2"))).isTrue();

    purging.invalidate("2");
    await().atMost(Duration.ofSeconds(10)).until(() -> purger.stats().purged() >= 2);
    assertThat(hit(get("/items/2"))).isFalse();
    assertThat(hit(get("/items/3"))).isTrue();

    purging.invalidateAll();
    await().atMost(Duration.ofSeconds(10)).until(() -> purger.stats().purged() >= 3);
    assertThat(hit(get("/items/3"))).isFalse();
    assertThat(purger.stats().dropped()).isZero();
  }

  @Test
  void aPurgeWithoutSurrogateKeysPurgesTheUrl() throws Exception {
    start(HttpCachePolicy.defaults(), Duration.ZERO, Duration.ZERO);
    get("/items/5");
    assertThat(hit(get("/items/5"))).isTrue();
    HttpResponse<String> purge = client.send(HttpRequest.newBuilder(varnish.uri()
        .resolve("/items/5")).method("PURGE", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(purge.statusCode()).isEqualTo(200);
    assertThat(hit(get("/items/5"))).isFalse();
  }
}
