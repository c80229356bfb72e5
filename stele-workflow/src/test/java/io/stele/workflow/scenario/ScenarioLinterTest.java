package io.stele.workflow.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.workflow.Vectors;
import io.stele.workflow.json.Json;
import org.junit.jupiter.api.Test;

class ScenarioLinterTest {
  @Test
  void handshakeIsClean() {
    assertThat(
            ScenarioLinter.lint(
                ScenarioLoader.load(Vectors.lto("scenarios/Handshake/scenario-v1.0.json"))))
        .isEmpty();
  }

  @Test
  void yamlScenarioHasADanglingTargetAndAnAnswerNoActionGives() {
    assertThat(
            ScenarioLinter.lint(
                ScenarioLoader.load(Vectors.lto("scenarios/basic-user-and-system.yml"))))
        .containsExactly(
            new LintFinding(
                "lint.remote_schema",
                "actors.system",
                "the schema refers to another document, so its data is not checked"),
            new LintFinding(
                "lint.unknown_state", "states.initial.transitions[1]", "target - is not a state"),
            new LintFinding(
                "lint.unknown_response",
                "states.second.transitions[1]",
                "no action it applies to has a response error"));
  }

  private static final String BROKEN =
      """
      {"$schema": "https://specs.livecontracts.io/v0.2.0/scenario/schema.json#",
       "actors": {"user": {}},
       "actions": {
         "ping": {"$schema": "https://specs.livecontracts.io/v0.2.0/action/nop/schema.json#", "actor": "robot"},
         "pong": {"$schema": "https://specs.livecontracts.io/v0.2.0/action/http/schema.json#", "actor": "user", "url": "https://x"},
         "ask": {"actor": "user"}
       },
       "states": {
         "initial": {"action": "ping", "transitions": [{"response": "nope", "transition": "echo"}]},
         "echo": {"action": "pong", "transition": "initial"},
         "island": {"action": "ask", "transitions": [{"action": "gone", "transition": ":success"}]}
       }}
      """;

  @Test
  void brokenScenarioFindingsAreAllReported() {
    Scenario scenario = ScenarioLoader.fromJson(Json.parse(BROKEN, "broken"));
    assertThat(ScenarioLinter.lint(scenario))
        .extracting(LintFinding::code, LintFinding::where)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("lint.unknown_actor", "actions.ping"),
            org.assertj.core.groups.Tuple.tuple(
                "lint.unknown_response", "states.initial.transitions[0]"),
            org.assertj.core.groups.Tuple.tuple(
                "lint.unknown_action", "states.island.transitions[0]"),
            org.assertj.core.groups.Tuple.tuple("lint.unreachable_state", "states.island"),
            org.assertj.core.groups.Tuple.tuple("lint.system_loop", "states.initial"));
  }
}
