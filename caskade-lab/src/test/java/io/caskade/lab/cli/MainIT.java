package io.caskade.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainIT {

  @Test
  void listNamesEveryScenario() {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("list")).isZero();
    assertThat(out.toString()).contains("herd", "cold-start", "penetration", "cache-disabled",
        "hierarchy");
  }

  @Test
  void unknownScenarioIsAUsageError() {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(new StringWriter()));
    assertThat(cli.execute("run", "no-such-scenario")).isEqualTo(2);
  }

  @Test
  void runWritesJsonAndHtml(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("lab.json");
    int code = Main.execute("run", "cache-disabled", "--variant", "disabled", "--duration", "1s",
        "--clients", "16", "--keys", "200", "--json", json.toString(), "--report",
        dir.resolve("report").toString());
    assertThat(code).isZero();
    var doc = new ObjectMapper().readTree(json.toFile());
    assertThat(doc.get("scenarios")).hasSize(1);
    assertThat(doc.get("scenarios").get(0).get("sourceQueries").asLong()).isPositive();
    assertThat(dir.resolve("report/index.html")).exists();
  }
}
