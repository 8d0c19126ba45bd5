package io.caskade.http.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.http.SurrogateKeys;
import io.caskade.http.varnish.VarnishPurger;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A CDN that refuses, hangs or comes back: writes never wait for it and purges are not lost. */
class AsyncPurgerTest {

  private static Cache<String, String> cache() {
    return Caskade.<String, String>builder("purge-" + UUID.randomUUID())
        .loader(k -> "v" + k)
        .tags((k, v) -> Set.of("t" + k))
        .build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static AsyncPurger.Builder fast(Purger target) {
    return AsyncPurger.builder(target).maxAttempts(2)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
        .breakerOpenFor(Duration.ofMillis(200));
  }

  @Test
  void aRefusingCdnNeitherFailsNorLosesPurgesAndTheyArriveWhenItIsBack() throws Exception {
    int port = freePort(); // nothing listens: connection refused
    URI edge = URI.create("http://127.0.0.1:" + port + "/");
    try (AsyncPurger purger = fast(VarnishPurger.of(edge)).build();
        Cache<String, String> cache = cache()) {
      Cache<String, String> purging = PurgingCache.wrap(cache, SurrogateKeys.of("c"), purger);
      purging.get("1");
      purging.invalidate("1");
      purging.invalidateTag("t2");
      purging.invalidateAll();
      await().atMost(Duration.ofSeconds(10)).until(() -> purger.stats().failedAttempts() >= 2);
      assertThat(purger.stats().purged()).isZero();
      assertThat(purger.stats().pending()).isBetween(1, 3);

      ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
      HttpServer cdn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
          port), 10);
      cdn.createContext("/", ex -> {
        try (ex) {
          if (ex.getRequestMethod().equals("PURGE")) {
            received.addAll(List.of(ex.getRequestHeaders().getFirst("xkey-purge").split(" ")));
          }
          ex.sendResponseHeaders(200, -1);
        }
      });
      cdn.start();
      try {
        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> {
              assertThat(received).contains("c/1", "t2", "c/*");
              assertThat(purger.stats().purged()).isEqualTo(3);
            });
        assertThat(purger.stats().dropped()).isZero();
      } finally {
        cdn.stop(0);
      }
    }
  }

  @Test
  void aHangingCdnNeverBlocksWrites() throws Exception {
    try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CountDownLatch accepted = new CountDownLatch(1);
      Thread acceptor = new Thread(() -> {
        try {
          Socket s = hanging.accept(); // accepted, never answered
          accepted.countDown();
          s.getInputStream().readAllBytes();
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.start();
      URI edge = URI.create("http://127.0.0.1:" + hanging.getLocalPort() + "/");
      try (AsyncPurger purger = AsyncPurger.builder(VarnishPurger.of(List.of(edge), false,
              Duration.ofSeconds(30))).build();
          Cache<String, String> cache = cache()) {
        Cache<String, String> purging = PurgingCache.wrap(cache, SurrogateKeys.of("c"), purger);
        purging.invalidate("first");
        accepted.await(); // the purger's worker is now stuck on the hanging CDN
        IntStream.range(0, 1_000).forEach(i -> purging.invalidate("k" + i));
        assertThat(purger.stats().purged()).isZero();
        assertThat(purger.stats().submitted()).isEqualTo(1_001);
        assertThat(purger.stats().pending()).isEqualTo(1_000);
      }
      acceptor.interrupt();
    }
  }

  @Test
  void theQueueIsBoundedAndDropsTheOldestKeys() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (AsyncPurger purger = AsyncPurger.builder(keys -> never.await()).capacity(5).build()) {
      purger.submit(List.of("a"));
      await().atMost(Duration.ofSeconds(5)).until(() -> purger.stats().pending() == 0);
      purger.submit(IntStream.range(0, 20).mapToObj(i -> "k" + i).toList());
      purger.submit(List.of("k19", "k18")); // already queued: not twice
      assertThat(purger.stats().pending()).isEqualTo(5);
      assertThat(purger.stats().dropped()).isEqualTo(15);
    } finally {
      never.countDown();
    }
  }
}
