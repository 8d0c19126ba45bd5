package io.caskade.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Selenium, the Debian chromedriver; Selenium Manager never runs)
 * against an origin on Caskade: the browser's HTTP cache honours the headers the cache's policy
 * produced — the second page load takes the resource from the browser cache (nothing reaches the
 * origin, {@code transferSize} 0), and after {@code max-age} it revalidates with
 * {@code If-None-Match}, answered 304 from the entry's metadata.
 */
class BrowserCacheIT {

  private static final String PAGE = """
      <html><body><div id="out">loading</div><script>
      fetch('/items/7').then(r => r.text()).then(t => {
        document.getElementById('out').textContent = 'loaded:' + t;
      });
      </script></body></html>""";

  private final AtomicInteger loads = new AtomicInteger();
  private Cache<String, String> cache;
  private TestOrigin origin;
  private ChromeDriver driver;
  private Path profile;

  @BeforeEach
  void start() throws IOException {
    Services.requireChromium();
    cache = Caskade.<String, String>builder("browser-" + UUID.randomUUID())
        .loader(k -> "item " + k + " load " + loads.incrementAndGet())
        .ttl(Duration.ofSeconds(120))
        .build();
    HttpCachePolicy policy = HttpCachePolicy.builder().maxAgeCap(Duration.ofSeconds(3)).build();
    origin = new TestOrigin(HttpCacheResponder.of(cache, Representation.text("text/plain",
        v -> v), policy, SurrogateKeys.of("items")));
    origin.page(PAGE);

    profile = Files.createTempDirectory("caskade-chromium-");
    System.setProperty("webdriver.chrome.driver", Services.CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(Services.CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Services.CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (origin != null) {
      origin.close();
    }
    if (cache != null) {
      cache.close();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private String load(int n) {
    driver.get(origin.uri("/page/" + n).toString());
    await().atMost(Duration.ofSeconds(20))
        .until(() -> driver.findElement(By.id("out")).getText().startsWith("loaded:"));
    return driver.findElement(By.id("out")).getText();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> itemTiming() {
    List<Map<String, Object>> entries = (List<Map<String, Object>>) ((JavascriptExecutor) driver)
        .executeScript("return performance.getEntriesByType('resource')"
            + ".filter(e => e.name.endsWith('/items/7'))"
            + ".map(e => ({transferSize: e.transferSize, encodedBodySize: e.encodedBodySize}));");
    assertThat(entries).hasSize(1);
    return entries.get(0);
  }

  @Test
  void theSecondLoadComesFromTheBrowserCacheAndAfterMaxAgeA304Revalidates() {
    String first = load(1);
    Instant firstFetch = Instant.now();
    assertThat(first).isEqualTo("loaded:item 7 load 1");
    assertThat(((Number) itemTiming().get("transferSize")).longValue()).isPositive();
    assertThat(origin.requests("/items/7")).hasSize(1);
    await().atMost(Duration.ofSeconds(5))
        .until(() -> origin.requests("/items/7").get(0).status() == 200);

    String second = load(2);
    assertThat(second).isEqualTo(first);
    assertThat(origin.count("/page/2")).isEqualTo(1); // the page itself is no-store
    assertThat(origin.count("/items/7")).isEqualTo(1); // nothing reached the origin
    Map<String, Object> cached = itemTiming();
    assertThat(((Number) cached.get("transferSize")).longValue()).isZero();
    assertThat(((Number) cached.get("encodedBodySize")).longValue()).isPositive();

    Instant stale = firstFetch.plusSeconds(3).plusMillis(500); // max-age=3 has passed
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> Instant.now().isAfter(stale));
    String third = load(3);
    assertThat(third).isEqualTo(first);
    List<TestOrigin.Request> items = origin.requests("/items/7");
    assertThat(items).hasSize(2);
    TestOrigin.Request revalidation = items.get(1);
    assertThat(revalidation.ifNoneMatch()).isNotNull();
    await().atMost(Duration.ofSeconds(5)).until(() -> revalidation.status() != 0);
    assertThat(revalidation.status()).isEqualTo(304);
    assertThat(loads).hasValue(1); // the 304 came from the entry's metadata, not a load
    assertThat(((Number) itemTiming().get("transferSize")).longValue()).isPositive();
  }
}
