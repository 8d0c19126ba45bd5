package io.caskade.http.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.http.CacheDirectives;
import io.caskade.http.HttpCacheResponder;
import io.caskade.http.Representation;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** A Spring MVC controller returning {@link CaskadeResponses}, through Spring's dispatcher. */
class CaskadeResponsesTest {

  private final AtomicInteger loads = new AtomicInteger();
  private final Cache<String, String> cache = Caskade.<String, String>builder(
          "spring-" + UUID.randomUUID())
      .loader(k -> k.equals("gone") ? null : "order " + k + " #" + loads.incrementAndGet())
      .ttl(Duration.ofSeconds(60))
      .staleWhileRevalidate(Duration.ofSeconds(5))
      .build();

  @RestController
  static class Orders {
    private final CaskadeResponses<String> responses;

    Orders(CaskadeResponses<String> responses) {
      this.responses = responses;
    }

    @GetMapping("/orders/{id}")
    ResponseEntity<byte[]> order(@PathVariable("id") String id, WebRequest request) {
      return responses.get(id, request);
    }
  }

  private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Orders(new CaskadeResponses<>(
      HttpCacheResponder.of(cache, Representation.text("text/plain", v -> v))))).build();

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  void springCacheControlEtagAnd304WithoutALoad() throws Exception {
    MvcResult first = mvc.perform(get("/orders/1"))
        .andExpect(status().isOk())
        .andExpect(content().string("order 1 #1"))
        .andReturn();
    String cc = first.getResponse().getHeader("Cache-Control");
    assertThat(cc).contains("public").contains("s-maxage=").contains("stale-while-revalidate=5");
    String etag = first.getResponse().getHeader("ETag");
    assertThat(etag).isNotBlank();

    mvc.perform(get("/orders/1").header("If-None-Match", etag))
        .andExpect(status().isNotModified())
        .andExpect(header().string("ETag", etag))
        .andExpect(content().string(""));
    assertThat(loads).hasValue(1);

    mvc.perform(get("/orders/gone")).andExpect(status().isNotFound());
  }

  @Test
  void directivesMapOntoSpringsCacheControl() {
    assertThat(CaskadeResponses.cacheControl(new CacheDirectives(
        CacheDirectives.Visibility.PUBLIC, 30, 60, 5, 300)).getHeaderValue())
        .contains("max-age=30", "public", "s-maxage=60", "stale-while-revalidate=5",
            "stale-if-error=300");
    assertThat(CaskadeResponses.cacheControl(CacheDirectives.NO_STORE).getHeaderValue())
        .isEqualTo("no-store");
    assertThat(CaskadeResponses.cacheControl(new CacheDirectives(
        CacheDirectives.Visibility.PRIVATE, 10, -1, 0, 0)).getHeaderValue())
        .isEqualTo("max-age=10, private");
  }
}
