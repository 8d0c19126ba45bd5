package io.caskade.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caskade.lab.load.Counters;
import io.caskade.lab.load.LoadResult;
import io.caskade.lab.load.TimelinePoint;
import io.caskade.lab.scenario.ScenarioResult;
import io.caskade.lab.source.FragileDatabase;
import io.caskade.lab.source.SourceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportIT {

  static ScenarioResult sample() {
    try (FragileDatabase db = FragileDatabase.open(new SourceSettings(SourceSettings.inMemoryH2(),
        null, 10, Duration.ZERO, 1, Duration.ofMillis(250)))) {
      var repo = db.newRepository();
      repo.find(1);
      repo.find(2);
      LoadResult load = new LoadResult(100, 2, 1.0, 5, 90, 110, 120, new Counters(2, 80, 9, 3), 2, 0,
          List.of(new TimelinePoint(0.5, 200, 4, 90, 0.8, 0.5, 4, 0),
              new TimelinePoint(1.0, 200, 0, 80, 0.8, 0.45, 0, 0)));
      return ScenarioResult.of("herd", "naive", load, repo.counter())
          .with("expiries", 2L).with("sourceQueriesPerExpiry", 1.0);
    }
  }

  @Test
  void writesTheDocumentedSchema(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out/lab.json");
    JsonReport.write(file, List.of(sample()));
    JsonNode s = new ObjectMapper().readTree(Files.readString(file)).get("scenarios").get(0);
    List<String> fields = new ArrayList<>();
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      fields.add(it.next());
    }
    assertThat(fields).containsExactly("scenario", "variant", "requests", "errors",
        "sourceQueries", "sourceQueriesPeakPerSecond", "l1HitRatio", "l2HitRatio", "staleServed",
        "latencyMicros", "expiries", "sourceQueriesPerExpiry");
    assertThat(s.get("sourceQueries").asLong()).isEqualTo(2);
    assertThat(s.get("l1HitRatio").asDouble()).isEqualTo(0.8);
    assertThat(s.get("l2HitRatio").asDouble()).isEqualTo(0.45);
    assertThat(s.get("latencyMicros").get("p99").asLong()).isEqualTo(90);
    assertThat(s.get("latencyMicros").get("p999").asLong()).isEqualTo(110);
  }

  @Test
  void htmlReportIsOneSelfContainedPageWithInlineSvgCharts(@TempDir Path dir) throws Exception {
    Path index = HtmlReport.write(dir, List.of(sample()));
    String html = Files.readString(index);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("herd")
        .doesNotContain("<script").doesNotContain("<?xml").doesNotContain("src=\"http");
  }
}
