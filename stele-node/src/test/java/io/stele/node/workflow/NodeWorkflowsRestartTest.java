package io.stele.node.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.workflow.WorkflowService;
import io.stele.workflow.identity.Identity;
import io.stele.workflow.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node rebuilds its processes from its store when it starts again. */
class NodeWorkflowsRestartTest {
  private static final String NAME = "http://127.0.0.1:1";

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(1_600_000_000_000L);
  private final KeyPair key = KeyPair.fromSeed(new byte[32]);
  private final List<Identity> parties =
      List.of(
          new Identity("foo_id", NAME, Map.of("system", key.publicKey()), null),
          new Identity("bar_id", NAME, Map.of("system", key.publicKey()), null));

  private NodeWorkflows open() {
    return NodeWorkflows.open(
        dir,
        NAME,
        key,
        clock,
        new SeededRng(5),
        null,
        (node, chain) -> {
          throw new IllegalStateException("a node that is its only party sends nothing");
        },
        Duration.ofHours(1));
  }

  private static ObjectNode handshake(String timeout) {
    ObjectNode json =
        (ObjectNode)
            Json.parse(
                new String(
                    Json.readFile(
                        Path.of(
                            System.getProperty("stele.vectors"),
                            "lto/scenarios/Handshake/scenario-v1.0.json"),
                        1 << 20),
                    StandardCharsets.UTF_8),
                "handshake");
    ObjectNode waiting = (ObjectNode) json.get("states").get("wait_on_recipient");
    waiting.put("timeout", timeout);
    waiting
        .withArray("transitions")
        .addObject()
        .put("action", ":timeout")
        .put("transition", ":cancelled");
    return json;
  }

  @Test
  void startActCloseReopenShowsTheSameProcesses() {
    List<String> ids;
    List<JsonNode> views = new ArrayList<>();
    String scenario;
    try (NodeWorkflows node = open()) {
      WorkflowService service = node.service();
      scenario = service.addScenario(handshake("P7D"));
      String first = service.start(scenario, parties);
      service.perform(first, "foo_id", "initiator", "greet", null, null);
      service.comment(first, "bar_id", "recipient", "one moment");
      clock.advance(1000);
      String second = service.start(scenario, parties);
      service.proposeDeviation(second, "foo_id", "initiator", ":success", null);
      ids = service.processes();
      ids.forEach(id -> views.add(service.state(id, "recipient")));
    }
    try (NodeWorkflows node = open()) {
      WorkflowService service = node.service();
      assertThat(service.processes()).isEqualTo(ids);
      assertThat(service.scenarios()).containsKey(scenario);
      for (int i = 0; i < ids.size(); i++) {
        assertThat(Json.write(service.state(ids.get(i), "recipient")))
            .isEqualTo(Json.write(views.get(i)));
      }
    }
  }

  @Test
  void aTimeoutThatFellDueWhileTheNodeWasDownFiresAfterRestart() {
    String process;
    try (NodeWorkflows node = open()) {
      WorkflowService service = node.service();
      process = service.start(service.addScenario(handshake("PT1H")), parties);
      service.perform(process, "foo_id", "initiator", "greet", null, null);
    }
    clock.advance(Duration.ofHours(2).toMillis());
    try (NodeWorkflows node = open()) {
      node.service().fireDueTimeouts();
      assertThat(node.service().state(process, null).path("state").asText())
          .isEqualTo(":cancelled");
    }
    try (NodeWorkflows node = open()) {
      node.service().fireDueTimeouts();
      assertThat(
              node.service().history(process).stream()
                  .filter(e -> e.bodyJson().path("action").asText().equals(":timeout"))
                  .count())
          .isEqualTo(1);
    }
  }
}
