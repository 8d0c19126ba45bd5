package io.caskade.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A framework-neutral HTTP response decided by {@link HttpCacheResponder}: status, headers (in
 * order), body, and the structured {@link CacheDirectives} behind its {@code Cache-Control}.
 * Immutable.
 *
 * @param status the status code (200, 304, 404 or 503)
 * @param headers header name → values, {@code Cache-Control} included
 * @param body the body; empty for 304 and HEAD
 * @param directives what {@code Cache-Control} says, for adapters with their own type
 */
public record HttpReply(int status, Map<String, List<String>> headers, byte[] body,
    CacheDirectives directives) {

  public HttpReply {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    headers = Collections.unmodifiableMap(copy);
  }

  /** The first value of header {@code name} (case-insensitive), or null. */
  public String header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** Builds the header map in order. */
  static final class Headers {
    private final Map<String, List<String>> map = new LinkedHashMap<>();

    Headers set(String name, String value) {
      List<String> values = new ArrayList<>(1);
      values.add(value);
      map.put(name, values);
      return this;
    }

    Map<String, List<String>> map() {
      return map;
    }
  }
}
