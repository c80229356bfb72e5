package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workflow, chain-verification and exchange-replay commands, on published vectors. */
class WorkflowAndExchangeCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path VECTORS = Path.of(System.getProperty("stele.vectors"));

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int run(String... args) {
    return SteleCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private List<JsonNode> outputLines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  @Test
  void workflowPlayPrintsOneLinePerStepWithTheStatesTheFlowExpects() throws Exception {
    Path flow = VECTORS.resolve("lto/flows/Handshake.longConversation.flow.json");
    JsonNode steps = JSON.readTree(flow.toFile()).get("steps");

    assertThat(run("workflow", "play", flow.toString())).as(err.toString()).isEqualTo(0);

    List<JsonNode> lines = outputLines();
    assertThat(lines).hasSize(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      JsonNode expectedState = steps.get(i).path("expect").get("state");
      if (expectedState != null) {
        assertThat(lines.get(i).get("state")).as("state after step " + i).isEqualTo(expectedState);
      }
    }
  }

  @Test
  void workflowPlayPrintsExactlyTheFlowKeysAndTakesAScenarioOverride() throws Exception {
    // The flow moved elsewhere: its bare scenario name no longer resolves, --scenario stands in.
    Path flow = dir.resolve("flows").resolve("Handshake.longConversation.flow.json");
    Files.createDirectories(flow.getParent());
    Files.copy(VECTORS.resolve("lto/flows/Handshake.longConversation.flow.json"), flow);
    JsonNode steps = JSON.readTree(flow.toFile()).get("steps");
    Path scenario = VECTORS.resolve("lto/scenarios/Handshake/scenario-v1.0.json");

    assertThat(run("workflow", "play", flow.toString(), "--scenario", scenario.toString()))
        .as(err.toString())
        .isEqualTo(0);

    List<JsonNode> lines = outputLines();
    assertThat(lines).hasSize(steps.size());
    for (int i = 0; i < lines.size(); i++) {
      List<String> keys = new ArrayList<>();
      lines.get(i).fieldNames().forEachRemaining(keys::add);
      assertThat(keys)
          .as("keys after step " + i)
          .containsExactly(
              "state",
              "previousResponses",
              "previousResponse",
              "defaultAction",
              "nextStates",
              "actors",
              "assets",
              "httpRequestCount");
      JsonNode expect = steps.get(i).path("expect");
      for (String key : List.of("state", "previousResponses", "defaultAction", "nextStates")) {
        if (expect.has(key)) {
          assertThat(lines.get(i).get(key)).as(key + " after step " + i).isEqualTo(expect.get(key));
        }
      }
    }
    out.getBuffer().setLength(0);
    assertThat(run("workflow", "play", flow.toString())).isNotZero();
    assertThat(err.toString()).contains("workflow.");
  }

  @Test
  void workflowLintAcceptsAPublishedScenario() {
    Path scenario = VECTORS.resolve("lto/scenarios/BasicUser/scenario-v1.0.json");
    assertThat(run("workflow", "lint", "--json", scenario.toString()))
        .as(err.toString())
        .isEqualTo(0);
    assertThat(out.toString()).contains("\"findings\" : 0");
  }

  @Test
  void verifyChainAcceptsAPublishedChain() {
    Path chain = VECTORS.resolve("lto/event-chains/single-event.json");
    assertThat(run("verify", "chain", chain.toString())).as(err.toString()).isEqualTo(0);
    assertThat(out.toString()).contains("valid: true");
  }

  @Test
  void verifyChainNamesTheEventAndFieldOfATamperedSignature() throws Exception {
    Path chain = VECTORS.resolve("lto/event-chains/single-event.json");
    JsonNode tree = JSON.readTree(chain.toFile());
    var event = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("events").get(0);
    String signature = event.get("signature").asText();
    // Swap two different base58 digits: still well-formed, no longer the signature.
    char first = signature.charAt(0);
    char replacement = first == '2' ? '3' : '2';
    event.put("signature", replacement + signature.substring(1));
    Path tampered = dir.resolve("tampered.json");
    JSON.writeValue(tampered.toFile(), tree);

    assertThat(run("verify", "chain", tampered.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("event 0 signature");
  }

  @Test
  void exchangeReplayPrintsTheTradeAndTheFinalStateHash() throws Exception {
    Path commands = dir.resolve("commands.jsonl");
    Files.writeString(
        commands,
        String.join(
            "\n",
            "{\"type\":\"asset\",\"asset\":\"BTC\",\"decimals\":8}",
            "{\"type\":\"asset\",\"asset\":\"USD\",\"decimals\":2}",
            "{\"type\":\"market\",\"market\":\"BTC-USD\",\"base\":\"BTC\",\"quote\":\"USD\","
                + "\"tick\":\"1.00\",\"lot\":\"0.01\",\"maker_fee_bps\":10,\"taker_fee_bps\":20}",
            "{\"type\":\"deposit\",\"account\":1,\"asset\":\"BTC\",\"amount\":\"1\"}",
            "{\"type\":\"deposit\",\"account\":2,\"asset\":\"USD\",\"amount\":\"100000.00\"}",
            "{\"type\":\"place\",\"account\":1,\"order\":10,\"market\":\"BTC-USD\","
                + "\"side\":\"sell\",\"price\":\"30000\",\"size\":\"0.5\"}",
            "{\"type\":\"place\",\"account\":2,\"order\":20,\"market\":\"BTC-USD\","
                + "\"side\":\"buy\",\"tif\":\"ioc\",\"price\":\"30100.00\",\"size\":\"0.2\"}"));

    assertThat(run("exchange", "replay", commands.toString())).as(err.toString()).isEqualTo(0);

    List<JsonNode> lines = outputLines();
    JsonNode trade =
        lines.stream()
            .filter(l -> "trade".equals(l.path("event").asText()))
            .findFirst()
            .orElseThrow();
    // 0.2 BTC at the resting seller's 30000.00: 6000.00 USD; fees 10 and 20 basis points of it.
    assertThat(trade.get("price").asText()).isEqualTo("30000.00");
    assertThat(trade.get("size").asText()).isEqualTo("0.20000000");
    assertThat(trade.get("value").asText()).isEqualTo("6000.00");
    assertThat(trade.get("maker_fee").asText()).isEqualTo("6.00");
    assertThat(trade.get("taker_fee").asText()).isEqualTo("12.00");
    assertThat(lines.get(lines.size() - 1).get("state_hash").asText()).matches("[0-9a-f]{64}");
  }

  @Test
  void exchangeReplayOfAMissingFileFailsWithANonZeroExit() {
    assertThat(run("exchange", "replay", dir.resolve("absent.jsonl").toString())).isNotZero();
    assertThat(err.toString()).contains("absent.jsonl");
  }
}
