package io.stele.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.workflow.json.Json;
import java.nio.charset.StandardCharsets;

/** Variants of LTO's handshake scenario for the behaviours it does not exercise itself. */
public final class Scenarios {
  private Scenarios() {}

  public static ObjectNode handshake() {
    return (ObjectNode)
        Json.parse(
            new String(
                Json.readFile(Vectors.lto("scenarios/Handshake/scenario-v1.0.json"), 1 << 20),
                StandardCharsets.UTF_8),
            "handshake");
  }

  /** The handshake where an unanswered greeting is cancelled after {@code timeout}. */
  public static ObjectNode handshakeWithTimeout(String timeout) {
    ObjectNode json = handshake();
    ObjectNode waiting = (ObjectNode) json.get("states").get("wait_on_recipient");
    waiting.put("timeout", timeout);
    waiting
        .withArray("transitions")
        .addObject()
        .put("action", ":timeout")
        .put("transition", ":cancelled");
    return json;
  }

  /** The handshake's next version: state {@code wait_on_recipient} is called {@code waiting}. */
  public static ObjectNode handshakeRenamed() {
    ObjectNode json = handshake();
    json.put("title", "A handshake, v2");
    ObjectNode states = (ObjectNode) json.get("states");
    states.set("waiting", states.remove("wait_on_recipient"));
    ((ObjectNode) states.get("initial")).put("transition", "waiting");
    return json;
  }

  /** A scenario whose only step runs a child process of {@code childScenario} (an id). */
  public static ObjectNode parentOf(String childScenario) {
    ObjectNode json = Json.NODES.objectNode();
    json.put("$schema", "https://specs.livecontracts.io/v0.2.0/scenario/schema.json#");
    json.put("title", "Parent");
    ObjectNode actors = json.putObject("actors");
    actors.putObject("initiator").put("title", "Initiator");
    actors.putObject("recipient").put("title", "Recipient");
    ObjectNode child =
        json.putObject("actions")
            .putObject("handshake")
            .put("$schema", "https://specs.stele.io/workflow/v1/action/process/schema.json#")
            .put("actor", "initiator")
            .put("scenario", childScenario);
    ObjectNode responses = child.putObject("responses");
    responses.putObject("ok");
    responses.putObject("failed");
    responses.putObject("cancelled");
    ObjectNode initial = json.putObject("states").putObject("initial");
    initial.put("action", "handshake");
    initial
        .putArray("transitions")
        .add(Json.NODES.objectNode().put("response", "ok").put("transition", ":success"))
        .add(Json.NODES.objectNode().put("transition", ":failed"));
    return json;
  }
}
