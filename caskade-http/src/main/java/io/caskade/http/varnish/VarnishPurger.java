package io.caskade.http.varnish;

import io.caskade.http.purge.Purger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Purges Varnish by surrogate key: {@code PURGE /} with an {@code xkey-purge} header (or
 * {@code xkey-softpurge}), which the shipped VCL ({@link CaskadeVcl}) hands to vmod xkey. Sent to
 * every edge in turn; a failure of any edge fails the call (the {@link
 * io.caskade.http.purge.AsyncPurger} retries it — purges are idempotent). Long key lists are split
 * so that no header exceeds 4,000 characters. Thread-safe.
 */
public final class VarnishPurger implements Purger {

  static final int MAX_HEADER_CHARS = 4_000;

  private final List<URI> edges;
  private final boolean soft;
  private final Duration timeout;
  private final HttpClient client;

  private VarnishPurger(List<URI> edges, boolean soft, Duration timeout) {
    if (edges.isEmpty()) {
      throw new IllegalArgumentException("at least one Varnish edge");
    }
    this.edges = List.copyOf(edges);
    this.soft = soft;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Hard purges (the next request misses) on {@code edges}, 2 s timeout. */
  public static VarnishPurger of(URI... edges) {
    return new VarnishPurger(List.of(edges), false, Duration.ofSeconds(2));
  }

  /**
   * Purges on {@code edges}; {@code soft} keeps the purged objects servable inside their grace
   * (stale-while-revalidate) while a refetch runs, instead of removing them.
   */
  public static VarnishPurger of(List<URI> edges, boolean soft, Duration timeout) {
    return new VarnishPurger(edges, soft, timeout);
  }

  @Override
  public void purge(List<String> surrogateKeys) throws IOException, InterruptedException {
    for (String header : headers(surrogateKeys)) {
      for (URI edge : edges) {
        HttpRequest request = HttpRequest.newBuilder(edge)
            .method("PURGE", HttpRequest.BodyPublishers.noBody())
            .header(soft ? "xkey-softpurge" : "xkey-purge", header)
            .timeout(timeout)
            .build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
          throw new IOException("Varnish " + edge + " answered " + response.statusCode()
              + " to a purge");
        }
      }
    }
  }

  static List<String> headers(List<String> keys) {
    List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    for (String k : keys) {
      if (b.length() > 0 && b.length() + 1 + k.length() > MAX_HEADER_CHARS) {
        out.add(b.toString());
        b.setLength(0);
      }
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(k);
    }
    if (b.length() > 0) {
      out.add(b.toString());
    }
    return out;
  }
}
