package io.stele.workflow.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.workflow.Vectors;
import io.stele.workflow.data.DataInstructions;
import io.stele.workflow.json.Json;
import io.stele.workflow.process.ProcessChain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays every published flow and checks, after every step, each fact its {@code expect} lists
 * (state, previous responses, previous response, default action, next states, actors, assets, HTTP
 * request count), with deep equality as the flow README defines it.
 */
class FlowVectorsTest {
  static List<Path> flows() {
    return Vectors.list("flows", ".flow.json");
  }

  private static FlowRunner runner() {
    return new FlowRunner(
        KeyPair.fromSeed(new byte[32]), new byte[20], new ManualClock(1_700_000_000_000L));
  }

  @ParameterizedTest
  @MethodSource("flows")
  void everyExpectationHolds(Path file) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    runner().play(file, Optional.empty(), new PrintStream(buffer, true, StandardCharsets.UTF_8));
    List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
    Flow flow = Flow.read(file);
    assertThat(lines).hasSameSizeAs(flow.steps());
    SoftAssertions soft = new SoftAssertions();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line = Json.parse(lines.get(i), "line " + i);
      JsonNode expect = flow.steps().get(i).expect();
      soft.assertThat(line.has("error")).as("step %d refused: %s", i, line.get("error")).isFalse();
      for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> fact = it.next();
        String where = "step " + i + " " + fact.getKey();
        switch (fact.getKey()) {
          case "previousResponse" ->
              fact.getValue()
                  .fields()
                  .forEachRemaining(
                      p ->
                          soft.assertThat(
                                  DataInstructions.resolve(
                                      line.get("previousResponse"), p.getKey()))
                              .as(where + "." + p.getKey())
                              .isEqualTo(p.getValue()));
          case "actors", "assets" ->
              fact.getValue()
                  .fields()
                  .forEachRemaining(
                      owner -> {
                        soft.assertThat(line.get(fact.getKey()).has(owner.getKey()))
                            .as(where + " has " + owner.getKey())
                            .isTrue();
                        owner
                            .getValue()
                            .fields()
                            .forEachRemaining(
                                p ->
                                    soft.assertThat(
                                            orNull(
                                                DataInstructions.resolve(
                                                    line.get(fact.getKey()).path(owner.getKey()),
                                                    p.getKey())))
                                        .as(where + "." + owner.getKey() + "." + p.getKey())
                                        .isEqualTo(p.getValue()));
                      });
          default -> soft.assertThat(line.get(fact.getKey())).as(where).isEqualTo(fact.getValue());
        }
      }
    }
    soft.assertAll();
  }

  private static JsonNode orNull(JsonNode node) {
    return node == null || node.isMissingNode() ? NullNode.getInstance() : node;
  }

  /** The process a flow ends in is a pure function of the chain it recorded. */
  @ParameterizedTest
  @MethodSource("flows")
  void replayingTheChainRebuildsTheProcess(Path file) {
    FlowRunner.Result result =
        runner()
            .play(
                file,
                Optional.empty(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(Json.write(ProcessChain.replay(result.chain()).toJson()))
        .isEqualTo(Json.write(result.process().toJson()));
    assertThat(result.chain().events()).hasSize(1 + result.process().responses().size());
  }
}
