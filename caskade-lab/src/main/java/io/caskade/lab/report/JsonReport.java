package io.caskade.lab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.caskade.lab.scenario.ScenarioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes results as {@code {"scenarios":[{"scenario","variant","requests","errors",
 * "sourceQueries","sourceQueriesPeakPerSecond","l1HitRatio","l2HitRatio","staleServed",
 * "latencyMicros":{"p50","p99","p999","max"}, …scenario-specific fields}]}}.
 */
public final class JsonReport {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  /** Writes {@code results} to {@code file}, creating its directory. */
  public static void write(Path file, List<ScenarioResult> results) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    MAPPER.writeValue(file.toFile(), document(results));
  }

  /** The document as JSON text. */
  public static String toJson(List<ScenarioResult> results) throws IOException {
    return MAPPER.writeValueAsString(document(results));
  }

  static Map<String, Object> document(List<ScenarioResult> results) {
    List<Map<String, Object>> scenarios = new ArrayList<>();
    for (ScenarioResult r : results) {
      scenarios.add(entry(r));
    }
    return Map.of("scenarios", scenarios);
  }

  private static Map<String, Object> entry(ScenarioResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", r.scenario());
    m.put("variant", r.variant());
    m.put("requests", r.requests());
    m.put("errors", r.errors());
    m.put("sourceQueries", r.sourceQueries());
    m.put("sourceQueriesPeakPerSecond", r.sourceQueriesPeakPerSecond());
    m.put("l1HitRatio", round(r.l1HitRatio()));
    m.put("l2HitRatio", round(r.l2HitRatio()));
    m.put("staleServed", r.staleServed());
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("p50", r.p50Micros());
    latency.put("p99", r.p99Micros());
    latency.put("p999", r.p999Micros());
    latency.put("max", r.maxMicros());
    m.put("latencyMicros", latency);
    r.extras().forEach(m::putIfAbsent);
    return m;
  }

  private static double round(double ratio) {
    return Math.round(ratio * 10_000) / 10_000.0;
  }
}
