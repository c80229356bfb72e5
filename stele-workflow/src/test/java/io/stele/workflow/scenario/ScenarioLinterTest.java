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

  @Test
  void aTimeoutNeedsATimeoutTransitionAndTheOtherWayRound() {
    com.fasterxml.jackson.databind.node.ObjectNode json = io.stele.workflow.Scenarios.handshake();
    com.fasterxml.jackson.databind.node.ObjectNode states =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.get("states");
    ((com.fasterxml.jackson.databind.node.ObjectNode) states.get("wait_on_initiator"))
        .put("timeout", "P1D");
    ((com.fasterxml.jackson.databind.node.ObjectNode) states.get("expect_sympathy"))
        .withArray("transitions")
        .addObject()
        .put("action", ":timeout")
        .put("transition", ":failed");
    assertThat(ScenarioLinter.lint(ScenarioLoader.fromJson(json)))
        .extracting(LintFinding::code, LintFinding::where)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "lint.timeout_without_transition", "states.wait_on_initiator"),
            org.assertj.core.groups.Tuple.tuple(
                "lint.timeout_never_fires", "states.expect_sympathy"));
    assertThat(
            ScenarioLinter.lint(
                ScenarioLoader.fromJson(io.stele.workflow.Scenarios.handshakeWithTimeout("P1D"))))
        .isEmpty();
  }

  @Test
  void anUpdateMustPlaceEveryStateAndActor() {
    Scenario from = ScenarioLoader.fromJson(io.stele.workflow.Scenarios.handshake());
    Scenario renamed = ScenarioLoader.fromJson(io.stele.workflow.Scenarios.handshakeRenamed());
    assertThat(
            ScenarioLinter.lintUpdate(
                from, renamed, java.util.Map.of("wait_on_recipient", "waiting")))
        .isEmpty();
    assertThat(
            ScenarioLinter.lintUpdate(
                from, renamed, java.util.Map.of("nowhere", "waiting", "initial", "gone")))
        .extracting(LintFinding::code, LintFinding::where)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("lint.update_unknown_state", "states.nowhere"),
            org.assertj.core.groups.Tuple.tuple("lint.update_unknown_state", "states.initial"),
            org.assertj.core.groups.Tuple.tuple(
                "lint.update_unmapped_state", "states.wait_on_recipient"));
    com.fasterxml.jackson.databind.node.ObjectNode lonely = io.stele.workflow.Scenarios.handshake();
    ((com.fasterxml.jackson.databind.node.ObjectNode) lonely.get("actors")).remove("recipient");
    ((com.fasterxml.jackson.databind.node.ObjectNode) lonely.get("actions")).remove("reply");
    assertThat(ScenarioLinter.lintUpdate(from, ScenarioLoader.fromJson(lonely), java.util.Map.of()))
        .extracting(LintFinding::code)
        .contains("lint.update_lost_actor");
  }
}
