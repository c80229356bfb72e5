package io.stele.workflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.workflow.Vectors;
import io.stele.workflow.json.Json;
import io.stele.workflow.scenario.Scenario;
import io.stele.workflow.scenario.ScenarioLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SystemActionsTest {
  private static final Scenario BASIC =
      ScenarioLoader.load(Vectors.lto("scenarios/BasicSystemAndUser/scenario-v1.0.json"));

  private final List<HttpClient.Request> requests = new ArrayList<>();

  private Optional<ResponseInput> triggerWith(HttpClient.Reply reply) {
    return new SystemActions(
            request -> {
              requests.add(request);
              return reply;
            })
        .trigger(ProcessEngine.start(BASIC), "system");
  }

  @Test
  void successfulReplyIsOkWithTheBodyAsText() {
    assertThat(triggerWith(new HttpClient.Reply(200, Map.of(), "hello")))
        .contains(new ResponseInput("system", "step1", "ok", Json.NODES.textNode("hello")));
    assertThat(requests)
        .containsExactly(new HttpClient.Request("GET", "https://www.example.com", Map.of(), null));
  }

  @Test
  void jsonReplyIsParsed() {
    assertThat(
            triggerWith(
                new HttpClient.Reply(
                    200, Map.of("content-type", "application/json"), "{\"a\": [1]}")))
        .contains(new ResponseInput("system", "step1", "ok", Json.parse("{\"a\": [1]}", "x")));
  }

  @Test
  void acceptedGivesNoResponse() {
    assertThat(triggerWith(new HttpClient.Reply(202, Map.of(), ""))).isEmpty();
  }

  @Test
  void clientErrorIsErrorWithTheBody() {
    assertThat(triggerWith(new HttpClient.Reply(404, Map.of(), "missing")))
        .contains(new ResponseInput("system", "step1", "error", Json.NODES.textNode("missing")));
  }

  @Test
  void serverErrorAndNoReplyAreUnexpectedErrors() {
    ResponseInput unexpected =
        new ResponseInput("system", "step1", "error", Json.NODES.textNode("Unexpected error"));
    assertThat(triggerWith(new HttpClient.Reply(503, Map.of(), "down"))).contains(unexpected);
    Optional<ResponseInput> offline =
        new SystemActions(
                request -> {
                  throw new IOException("connection refused");
                })
            .trigger(ProcessEngine.start(BASIC), "system");
    assertThat(offline).contains(unexpected);
  }

  @Test
  void aResponseNamedAfterTheStatusWins() {
    Scenario scenario =
        ScenarioLoader.fromJson(
            Json.parse(
                """
                {"$schema": "https://specs.livecontracts.io/v0.2.0/scenario/schema.json#",
                 "actors": {"system": {}},
                 "actions": {"call": {"$schema": "https://specs.livecontracts.io/v0.2.0/action/http/schema.json#",
                   "actor": "system", "method": "POST", "url": {"<tpl>": "https://x/{{ actors.system.key }}"},
                   "body": {"n": 1}, "responses": {"ok": {}, "error": {}, "201": {}}}},
                 "states": {"initial": {"action": "call", "transition": ":success"}}}
                """,
                "scenario"));
    Optional<ResponseInput> result =
        new SystemActions(
                request -> {
                  requests.add(request);
                  return new HttpClient.Reply(201, Map.of(), "made");
                })
            .trigger(ProcessEngine.start(scenario), "system");
    assertThat(result)
        .contains(new ResponseInput("system", "call", "201", Json.NODES.textNode("made")));
    assertThat(requests)
        .containsExactly(
            new HttpClient.Request(
                "POST",
                "https://x/system",
                Map.of("Content-Type", "application/json"),
                "{\"n\":1}"));
  }

  @Test
  void anActorWhoMayNotActTriggersNothing() {
    Optional<ResponseInput> result =
        new SystemActions(
                request -> {
                  throw new AssertionError("no request may be made");
                })
            .trigger(ProcessEngine.start(BASIC), "user");
    assertThat(result).isEmpty();
  }
}
