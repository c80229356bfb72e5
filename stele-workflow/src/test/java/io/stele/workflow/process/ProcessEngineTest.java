package io.stele.workflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.error.SteleException;
import io.stele.workflow.Vectors;
import io.stele.workflow.json.Json;
import io.stele.workflow.scenario.Scenario;
import io.stele.workflow.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessEngineTest {
  private static final Scenario HANDSHAKE =
      ScenarioLoader.load(Vectors.lto("scenarios/Handshake/scenario-v1.0.json"));

  private static JsonNode json(String text) {
    return Json.parse(text, "test");
  }

  @Test
  void newProcessStartsInInitialWithActorDefaults() {
    Process process = ProcessEngine.start(HANDSHAKE);
    assertThat(process.state()).isEqualTo("initial");
    assertThat(process.actors().get("initiator").get("identity").textValue()).isEqualTo("foo_id");
    assertThat(process.actors().get("recipient").get("identity").textValue()).isEqualTo("bar_id");
    assertThat(process.responses()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "bob,       greet, ok,    workflow.unknown_actor,      actor bob is not an actor of the process",
    "initiator, wave,  ok,    workflow.unknown_action,     action wave is not in the scenario",
    "recipient, reply, ok,    workflow.action_not_allowed, action reply is not available in state initial",
    "recipient, greet, ok,    workflow.actor_not_allowed,  actor recipient may not perform action greet",
    "initiator, greet, maybe, workflow.unknown_response,   action greet has no response maybe; it has [ok]"
  })
  void refusedStepsSayWhyAndChangeNothing(
      String actor, String action, String response, String code, String message) {
    Process process = ProcessEngine.start(HANDSHAKE);
    String before = Json.write(process.toJson());
    assertThatThrownBy(
            () -> ProcessEngine.respond(process, new ResponseInput(actor, action, response, null)))
        .isInstanceOfSatisfying(SteleException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessage(message);
    assertThat(Json.write(process.toJson())).isEqualTo(before);
  }

  @Test
  void anEndedProcessRefusesEverything() {
    Process p = ProcessEngine.start(HANDSHAKE);
    p = ProcessEngine.respond(p, new ResponseInput("initiator", "greet", null, null));
    p = ProcessEngine.respond(p, new ResponseInput("recipient", "ignore", null, null));
    assertThat(p.state()).isEqualTo(":cancelled");
    Process ended = p;
    assertThatThrownBy(
            () ->
                ProcessEngine.respond(
                    ended, new ResponseInput("initiator", "complete", null, null)))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.process_ended"));
    assertThat(ProcessEngine.defaultAction(ended)).isEmpty();
    assertThat(ProcessEngine.nextStates(ended)).isEmpty();
  }

  @Test
  void updatesCopyProjectAndPatchResponseData() {
    Scenario scenario =
        ScenarioLoader.load(
            Vectors.lto("scenarios/basic-user-and-system.update-instructions.json"));
    Process p = ProcessEngine.start(scenario);
    p =
        ProcessEngine.respond(
            p,
            new ResponseInput("organization", "step1", "ok", json("{\"id\": 1, \"test\": \"x\"}")));
    assertThat(p.data().get("foo")).isEqualTo(json("{\"id\": 1, \"test\": \"x\"}"));
    assertThat(p.data().get("baz")).isEqualTo(json("{\"id\": 1, \"test\": \"x\"}"));
    assertThat(p.data().get("bar")).isEqualTo(json("{\"id\": 1, \"test\": \"x\"}"));
    assertThat(p.state()).isEqualTo("second");
    p =
        ProcessEngine.respond(
            p, new ResponseInput("user", "step2", "ok", json("\"second response\"")));
    assertThat(p.data().get("bar")).isEqualTo(json("\"second response\""));
    p =
        ProcessEngine.respond(
            p, new ResponseInput("user", "step3", "ok", json("{\"test\": \"T\", \"other\": 2}")));
    assertThat(p.data().get("bar")).isEqualTo(json("{\"id\": \"T\"}"));
    assertThat(p.state()).isEqualTo(":success");
  }

  private static final Scenario APPROVAL =
      ScenarioLoader.fromJson(
          json(
              """
              {"$schema": "https://specs.livecontracts.io/v0.2.0/scenario/schema.json#",
               "actors": {"clerk": {}, "boss": {}},
               "assets": {"order": {"properties": {"amount": {"type": "integer", "default": 0},
                                                    "meta": {"type": "object", "default": {"a": 1}}}}},
               "allow_actions": ["cancel"],
               "actions": {
                 "fill": {"actor": "clerk", "responses": {"ok": {"update": [
                     {"select": "assets.order", "patch": true},
                     {"select": "current.actor", "data": {"last": {"<ref>": "current.response.key"}}}]}}},
                 "approve": {"actors": ["clerk", "boss"],
                             "condition": {"<eval>": "current.actor.key == 'boss'"}},
                 "cancel": {"actors": ["clerk", "boss"]}
               },
               "states": {
                 "initial": {"action": "fill", "transitions": [
                    {"action": "fill", "condition": {"<eval>": "assets.order.amount > `100`"}, "transition": "review"},
                    {"action": "fill", "transition": ":success"},
                    {"action": "cancel", "transition": ":cancelled"}]},
                 "review": {"action": "approve", "transitions": [
                    {"action": "approve", "transition": ":success"},
                    {"action": "cancel", "transition": ":cancelled"}]}
               }}
              """));

  @Test
  void patchMergesObjectsAndCurrentActorSelectsThePerformer() {
    Process p = ProcessEngine.start(APPROVAL);
    p =
        ProcessEngine.respond(
            p,
            new ResponseInput(
                "clerk", "fill", null, json("{\"amount\": 500, \"meta\": {\"b\": 2}}")));
    assertThat(p.assets().get("order"))
        .isEqualTo(json("{\"key\": \"order\", \"amount\": 500, \"meta\": {\"a\": 1, \"b\": 2}}"));
    assertThat(p.actors().get("clerk").get("last").textValue()).isEqualTo("ok");
    assertThat(p.state()).isEqualTo("review");
  }

  @Test
  void transitionConditionsSeeTheUpdatedData() {
    Process p = ProcessEngine.start(APPROVAL);
    p =
        ProcessEngine.respond(
            p, new ResponseInput("clerk", "fill", null, json("{\"amount\": 50}")));
    assertThat(p.state()).isEqualTo(":success");
  }

  @Test
  void actionConditionOnCurrentActorLimitsWhoMayAct() {
    Process p = ProcessEngine.start(APPROVAL);
    p =
        ProcessEngine.respond(
            p, new ResponseInput("clerk", "fill", null, json("{\"amount\": 500}")));
    Process review = p;
    assertThat(ProcessEngine.allowedActors(review, APPROVAL.actions().get("approve")))
        .containsExactly("boss");
    assertThatThrownBy(
            () -> ProcessEngine.respond(review, new ResponseInput("clerk", "approve", null, null)))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.condition_failed"))
        .hasMessage("the condition of action approve does not hold for actor clerk");
    assertThat(
            ProcessEngine.respond(review, new ResponseInput("boss", "approve", null, null)).state())
        .isEqualTo(":success");
  }

  @Test
  void allowActionsComeAfterTheStatesOwnAndWorkEverywhere() {
    Process p = ProcessEngine.start(APPROVAL);
    assertThat(ProcessEngine.availableActions(p)).containsExactly("fill", "cancel");
    assertThat(ProcessEngine.defaultAction(p)).contains("fill");
    assertThat(ProcessEngine.respond(p, new ResponseInput("boss", "cancel", null, null)).state())
        .isEqualTo(":cancelled");
  }

  @Test
  void nextStatesStopWhereDataIsMissing() {
    // amount defaults to 0, so the walk takes the unconditional fill transition.
    assertThat(ProcessEngine.nextStates(ProcessEngine.start(APPROVAL))).containsExactly(":success");
  }

  @Test
  void aTransitionToNoStateIsRefused() {
    Scenario yaml = ScenarioLoader.load(Vectors.lto("scenarios/basic-user-and-system.yml"));
    Process p = ProcessEngine.start(yaml);
    assertThatThrownBy(
            () -> ProcessEngine.respond(p, new ResponseInput("user", "step1", "error", null)))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.unknown_state"))
        .hasMessage(
            "response step1.error leads from initial to -, which is not a state of the scenario");
    assertThat(ProcessEngine.respond(p, new ResponseInput("user", "step1", "ok", null)).state())
        .isEqualTo("second");
  }

  @Test
  void dataThatBreaksItsSchemaIsRefused() {
    Process p = ProcessEngine.start(APPROVAL);
    assertThatThrownBy(
            () ->
                ProcessEngine.respond(
                    p, new ResponseInput("clerk", "fill", null, json("{\"amount\": \"lots\"}"))))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.schema"))
        .hasMessageStartingWith("assets.order would not match its schema: ")
        .hasMessageContaining("amount");
  }
}
