package io.stele.workflow.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.clock.ManualClock;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.workflow.Vectors;
import io.stele.workflow.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowRunnerTest {
  @TempDir Path dir;

  private List<JsonNode> play(String flow, Optional<Path> override) throws IOException {
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Path file = flows.resolve("Handshake.custom.flow.json");
    Files.writeString(file, flow);
    Path scenarios = Files.createDirectories(dir.resolve("scenarios/Handshake"));
    Files.copy(
        Vectors.lto("scenarios/Handshake/scenario-v1.0.json"),
        scenarios.resolve("scenario-v1.0.json"),
        StandardCopyOption.REPLACE_EXISTING);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FlowRunner.create(new SeededRng(7), new ManualClock(0))
        .play(file, override, new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8).lines().map(l -> Json.parse(l, "line")).toList();
  }

  @Test
  void aRefusedStepIsReportedAndTheRunGoesOn() throws IOException {
    List<JsonNode> lines =
        play(
            """
            {"scenario": "tests/flow/Handshake/scenario-v1.0.json", "steps": [
              {"expect": {}},
              {"actor": "recipient", "action": "greet", "response": null, "data": null},
              {"actor": "initiator", "action": "greet", "response": null, "data": null}]}
            """,
            Optional.empty());
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1).get("state").textValue()).isEqualTo("initial");
    assertThat(lines.get(1).get("error"))
        .isEqualTo(
            Json.parse(
                "{\"code\": \"workflow.actor_not_allowed\","
                    + " \"message\": \"actor recipient may not perform action greet\"}",
                "expected"));
    assertThat(lines.get(2).get("state").textValue()).isEqualTo("wait_on_recipient");
    assertThat(lines.get(2).has("error")).isFalse();
  }

  @Test
  void theScenarioCanBeOverridden() throws IOException {
    List<JsonNode> lines =
        play(
            "{\"scenario\": \"missing.json\", \"steps\": [{\"expect\": {}}]}",
            Optional.of(Vectors.lto("scenarios/basic-user.json")));
    assertThat(lines.getFirst().get("defaultAction").textValue()).isEqualTo("step1");
    assertThat(lines.getFirst().get("actors").fieldNames()).toIterable().containsExactly("user");
  }

  @Test
  void aBadFlowIsRefused() {
    assertThatThrownBy(
            () -> play("{\"scenario\": \"../../etc/passwd\", \"steps\": [{}]}", Optional.empty()))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.flow"))
        .hasMessage(
            "flow.scenario '../../etc/passwd' is neither a file name nor tests/flow/<Dir>/<file>");
    assertThatThrownBy(
            () ->
                play(
                    "{\"scenario\": \"scenario-v1.0.json\", \"steps\": [{\"expect\": {}},"
                        + " {\"actor\": \"a\", \"trigger\": true, \"action\": \"x\"}]}",
                    Optional.empty()))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.flow"))
        .hasMessage("flow.steps[1].action must be null for a trigger (the default action)");
  }
}
