package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchExchangeTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return SteleCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void journalOffPrintsTheHeadlineFiguresAndSaysWhichArrangementTheyComeFrom() throws Exception {
    int exit =
        run(
            "bench",
            "exchange",
            "--journal",
            "off",
            "--rate",
            "100000",
            "--commands",
            "5000",
            "--json");
    assertThat(exit).as(err.toString()).isEqualTo(0);
    JsonNode figures = new ObjectMapper().readTree(out.toString());
    assertThat(figures.path("journal").asText()).isEqualTo("off");
    assertThat(figures.path("idle").asText()).isEqualTo("spin");
    assertThat(figures.path("recorded").asLong()).isEqualTo(5_000);
    for (String headline : new String[] {"commandsPerSecond", "p50Us", "p99Us", "p9999Us"}) {
      assertThat(figures.has(headline)).as(headline).isTrue();
    }
    assertThat(figures.has("ackP99Us")).isFalse();
  }

  @Test
  void theJournalAndIdleOptionsAcceptOnlyTheirDocumentedValues() {
    assertThat(run("bench", "exchange", "--journal", "maybe", "--commands", "10")).isEqualTo(2);
    assertThat(err.toString()).contains("cli.bad_option", "--journal");
    assertThat(run("bench", "exchange", "--idle", "sleep", "--commands", "10")).isEqualTo(2);
    assertThat(err.toString()).contains("--idle must be spin or back-off");
  }
}
