package io.caskade.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.testkit.RedisServers;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sample over HTTP: one load per user, 404 for a missing one, PUT evicts, health shows L2. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:caskade-demo-test;DB_CLOSE_DELAY=-1",
    "demo.seed-users=20", "demo.source-latency=1ms"})
class DemoApplicationIT {

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.url", RedisServers::shared);
  }

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry meters;

  @Autowired
  CacheManager caches;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void usersAreServedThroughTheFleetCache() throws Exception {
    caches.getCache("users").clear(); // nothing from an earlier run in the shared Redis
    double before = reads();
    assertThat(get("/users/7").body()).contains("\"name\":\"user 7\"");
    assertThat(get("/users/7").body()).contains("\"name\":\"user 7\"");
    assertThat(reads() - before).isEqualTo(1.0);

    assertThat(get("/users/999999").statusCode()).isEqualTo(404);
    assertThat(get("/users/999999").statusCode()).isEqualTo(404);
    assertThat(reads() - before).isEqualTo(2.0);

    HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri("/users/7"))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\",\"email\":\"ada@x\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(get("/users/7").body()).contains("\"name\":\"Ada\"");

    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"caskade\"").contains("\"circuit\":\"CLOSED\"");
  }

  private double reads() {
    return meters.get("demo.repository.reads").counter().count();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
