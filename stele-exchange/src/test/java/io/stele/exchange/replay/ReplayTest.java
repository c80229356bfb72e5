package io.stele.exchange.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.error.SteleException;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTest {
  static final ObjectMapper JSON = new ObjectMapper();

  record Run(String hash, List<JsonNode> events) {}

  static Run replay(java.io.Reader in) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String hash;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      hash = new Replay().run(in, out);
    }
    List<JsonNode> events = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        events.add(JSON.readTree(line));
      }
    }
    return new Run(hash, events);
  }

  static Run sample() throws Exception {
    return replay(
        new InputStreamReader(
            ReplayTest.class.getResourceAsStream("/replay/sample.jsonl"), StandardCharsets.UTF_8));
  }

  private static JsonNode onLine(Run run, int line) {
    return run.events().stream()
        .filter(e -> e.path("line").asInt() == line)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void theSampleFileGivesTheWorkedTrade() throws Exception {
    Run run = sample();
    JsonNode trade = onLine(run, 7);
    assertThat(trade.toString())
        .isEqualTo(
            "{\"line\":7,\"event\":\"trade\",\"time\":1003,\"market\":\"BTC-USD\",\"maker_order\":10,"
                + "\"maker_account\":1,\"taker_order\":20,\"taker_account\":2,\"taker_side\":\"buy\","
                + "\"price\":\"30000.00\",\"size\":\"0.20000000\",\"value\":\"6000.00\","
                + "\"maker_fee\":\"6.00\",\"taker_fee\":\"12.00\"}");
    assertThat(onLine(run, 9).path("kept_priority").asBoolean()).isTrue();
    assertThat(onLine(run, 11).path("event").asText()).isEqualTo("cancelled");
    assertThat(onLine(run, 11).path("size").asText()).isEqualTo("0.10000000");
  }

  @Test
  void badLinesAreReportedWithLineNumberCodeAndMessage() throws Exception {
    Run run = sample();
    assertThat(onLine(run, 10).path("code").asText()).isEqualTo("amount.precision");
    assertThat(onLine(run, 10).path("message").asText()).contains("30000.001");
    assertThat(onLine(run, 12).path("code").asText()).isEqualTo("replay.json");
    assertThat(onLine(run, 13).path("code").asText()).isEqualTo("account.insufficient_funds");
  }

  @Test
  void theStateHashIsPrintedLastAndReproducible() throws Exception {
    Run first = sample();
    Run second = sample();
    assertThat(first.hash()).matches("[0-9a-f]{64}").isEqualTo(second.hash());
    JsonNode last = first.events().get(first.events().size() - 1);
    assertThat(last.path("state_hash").asText()).isEqualTo(first.hash());
  }

  @Test
  void rejectedLinesDoNotChangeTheState() throws Exception {
    String good =
        """
        {"type":"asset","asset":"USD","decimals":2}
        {"type":"deposit","account":1,"asset":"USD","amount":"5.00"}
        """;
    String withBad =
        """
        {"type":"asset","asset":"USD","decimals":2}
        {"type":"asset","asset":"USD","decimals":2}
        {"type":"deposit","account":1,"asset":"EUR","amount":"5.00"}
        {"type":"deposit","account":1,"asset":"USD","amount":"-5.00"}
        {"type":"deposit","account":1,"asset":"USD","amount":"5.00","memo":"x"}
        {"type":"deposit","account":1.5,"asset":"USD","amount":"5.00"}
        {"type":"transfer","account":1,"asset":"USD","amount":"5.00"}
        {"type":"deposit","account":1,"asset":"USD","amount":"5.00"} {"type":"deposit"}
        {"type":"deposit","account":1,"account":2,"asset":"USD","amount":"5.00"}
        {"type":"deposit","account":1,"asset":"USD","amount":"5.00"}
        """;
    Run bad = replay(new StringReader(withBad));
    assertThat(bad.hash()).isEqualTo(replay(new StringReader(good)).hash());
    assertThat(bad.events().stream().filter(e -> e.has("code")).map(e -> e.get("code").asText()))
        .containsExactly(
            "asset.exists",
            "asset.unknown",
            "amount.format",
            "replay.unknown_field",
            "replay.field_type",
            "replay.type",
            "replay.json",
            "replay.json");
  }

  @Test
  void anAmendNamesEitherTheNewRemainingSizeOrTheNewTotal() throws Exception {
    String text =
        """
        {"type":"asset","asset":"BTC","decimals":8}
        {"type":"asset","asset":"USD","decimals":2}
        {"type":"market","market":"BTC-USD","base":"BTC","quote":"USD","tick":"1.00","lot":"0.01"}
        {"type":"deposit","account":1,"asset":"BTC","amount":"1"}
        {"type":"deposit","account":2,"asset":"USD","amount":"100000.00"}
        {"type":"place","account":1,"order":10,"market":"BTC-USD","side":"sell","price":"100","size":"0.5"}
        {"type":"place","account":2,"order":20,"market":"BTC-USD","side":"buy","tif":"ioc","price":"100","size":"0.2"}
        {"type":"amend","account":1,"order":10,"price":"100","total":"0.4"}
        {"type":"amend","account":1,"order":10,"price":"100","size":"0.1"}
        {"type":"amend","account":1,"order":10,"price":"100","total":"0.2"}
        {"type":"amend","account":1,"order":10,"price":"100","size":"0.1","total":"0.3"}
        {"type":"amend","account":1,"order":10,"price":"100"}
        """;
    Run run = replay(new StringReader(text));
    // 0.2 of 0.5 filled: a total of 0.4 leaves 0.2, a remaining size of 0.1 leaves 0.1.
    assertThat(onLine(run, 8).path("size").asText()).isEqualTo("0.20000000");
    assertThat(onLine(run, 9).path("size").asText()).isEqualTo("0.10000000");
    assertThat(onLine(run, 10).path("code").asText()).isEqualTo("order.total_filled");
    assertThat(onLine(run, 11).path("code").asText()).isEqualTo("replay.field_value");
    assertThat(onLine(run, 12).path("code").asText()).isEqualTo("replay.missing");
  }

  @Test
  void anOverlongLineIsRefusedAndTheNextLineStillRuns() throws Exception {
    String text =
        "{\"type\":\"asset\",\"asset\":\""
            + "X".repeat(Replay.MAX_LINE)
            + "\",\"decimals\":2}\n"
            + "{\"type\":\"asset\",\"asset\":\"USD\",\"decimals\":2}\n";
    Run run = replay(new StringReader(text));
    assertThat(onLine(run, 1).path("code").asText()).isEqualTo("replay.line_too_long");
    assertThat(onLine(run, 2).path("event").asText()).isEqualTo("accepted");
  }

  @Test
  void decimalsAreExact() {
    assertThat(Decimals.parse("12.50", 2, "x")).isEqualTo(1250);
    assertThat(Decimals.parse("12.5000", 2, "x")).isEqualTo(1250);
    assertThat(Decimals.parse("7", 8, "x")).isEqualTo(700_000_000);
    assertThat(Decimals.parse("0.00000001", 8, "x")).isEqualTo(1);
    assertThat(Decimals.parse("92233720368547758.07", 2, "x")).isEqualTo(Long.MAX_VALUE);
    assertThat(Decimals.format(1250, 2)).isEqualTo("12.50");
    assertThat(Decimals.format(1, 8)).isEqualTo("0.00000001");
    assertThat(Decimals.format(42, 0)).isEqualTo("42");
    assertThatThrownBy(() -> Decimals.parse("0.001", 2, "x"))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("amount.precision"));
    assertThatThrownBy(() -> Decimals.parse("92233720368547758.08", 2, "x"))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("amount.range"));
    for (String bad : new String[] {"", "1e5", "+1", "1.", ".5", "1,5", " 1"}) {
      assertThatThrownBy(() -> Decimals.parse(bad, 2, "x"))
          .isInstanceOfSatisfying(
              SteleException.class, e -> assertThat(e.code()).isEqualTo("amount.format"));
    }
  }
}
