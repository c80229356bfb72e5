package io.stele.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.encoding.Base58;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.workflow.anchor.EventAnchoring;
import io.stele.workflow.anchor.InMemoryAnchorer;
import io.stele.workflow.chain.EventChainVerifier;
import io.stele.workflow.identity.Identity;
import io.stele.workflow.json.Json;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowServiceTest {
  private final KeyPair node = KeyPair.fromSeed(new byte[32]);
  private final WorkflowService service =
      new WorkflowService(node, new ManualClock(1_600_000_000_000L), new SeededRng(3));
  private final Identity foo =
      new Identity("foo_id", "n", Map.of("system", node.publicKey()), null);

  private String handshake() throws Exception {
    String scenario = service.loadScenario(Vectors.lto("scenarios/Handshake/scenario-v1.0.json"));
    return service.start(scenario, List.of(foo));
  }

  @Test
  void aScenarioIsKnownByTheHashOfItsJson() throws Exception {
    byte[] file = Files.readAllBytes(Vectors.lto("scenarios/Handshake/scenario-v1.0.json"));
    JsonNode json = Json.parse(file, file.length, "scenario");
    String expected = Base58.encode(Hashes.sha256(Json.write(json).getBytes("UTF-8")));

    assertThat(service.addScenario(json)).isEqualTo(expected);
    assertThat(service.addScenario(json.deepCopy())).isEqualTo(expected);
    assertThat(service.scenarios()).containsExactly(Map.entry(expected, "A handshake"));
  }

  @Test
  void performingRecordsASignedEventAndShowsWhatTheActorMayDoNext() throws Exception {
    String process = handshake();
    List<String> changes = new ArrayList<>();
    service.addListener((id, chain, p) -> changes.add(id + " " + p.state()));

    ObjectNode shown = service.perform(process, "foo_id", "initiator", "greet", null, null);

    assertThat(shown.path("id").asText()).isEqualTo(process);
    assertThat(shown.path("state").asText()).isEqualTo("wait_on_recipient");
    assertThat(shown.path("previousResponses").get(0).asText()).isEqualTo("greet.ok");
    assertThat(shown.path("actions")).isEmpty();
    assertThat(service.state(process, "recipient").path("actions"))
        .extracting(JsonNode::asText)
        .containsExactly("reply", "ignore");
    assertThat(service.state(process, null).has("actions")).isFalse();
    assertThat(changes).containsExactly(process + " wait_on_recipient");
    assertThat(service.history(process)).hasSize(2);
    assertThat(EventChainVerifier.verify(service.chain(process))).isEmpty();
    assertThat(service.identities(process)).containsOnlyKeys("foo_id");
    assertThat(service.diagram(process, "mermaid")).contains("state \"wait_on_recipient\" as s1");
    assertThat(service.diagram(process, "dot"))
        .contains("\"wait_on_recipient\" [shape=box, style=\"filled,bold\"");
  }

  @Test
  void refusalsCarryStableCodesAndRecordNothing() throws Exception {
    String process = handshake();

    assertCode(
        () -> service.perform(process, "bar_id", "initiator", "greet", null, null),
        "workflow.unknown_identity");
    assertCode(
        () -> service.perform(process, "foo_id", "initiator", "reply", null, null),
        "workflow.action_not_allowed");
    assertCode(() -> service.state("nope", null), "workflow.unknown_process");
    assertCode(() -> service.diagram(process, "svg"), "workflow.diagram_format");
    assertCode(() -> service.start("nope", List.of()), "workflow.unknown_scenario");
    assertThat(service.history(process)).hasSize(1);
  }

  @Test
  void anActorBoundToAnIdentityIsPlayedByItOnly() {
    String scenario =
        service.addScenario(
            Json.parse(
                """
                {"$schema": "https://specs.livecontracts.io/v0.2.0/scenario/schema.json#",
                 "title": "Bound",
                 "actors": {"owner": {"properties": {"identity": {"type": "string", "default": "foo_id"}}}},
                 "actions": {"sign": {"actor": "owner"}},
                 "states": {"initial": {"action": "sign", "transition": ":success"}}}
                """,
                "scenario"));
    Identity bar = new Identity("bar_id", "n", Map.of("system", node.publicKey()), null);
    String process = service.start(scenario, List.of(foo, bar));

    assertCode(
        () -> service.perform(process, "bar_id", "owner", "sign", null, null),
        "workflow.not_your_actor");
    assertThat(
            service.perform(process, "foo_id", "owner", "sign", null, null).path("state").asText())
        .isEqualTo(":success");
  }

  @Test
  void everyEventIsAnchoredAndItsReceiptFilledInWhenFinal() throws Exception {
    InMemoryAnchorer ledger = new InMemoryAnchorer();
    WorkflowService anchored =
        new WorkflowService(
            node,
            new ManualClock(1_600_000_000_000L),
            new SeededRng(3),
            new EventAnchoring(ledger));
    String scenario = anchored.loadScenario(Vectors.lto("scenarios/Handshake/scenario-v1.0.json"));
    String process = anchored.start(scenario, List.of(foo));
    anchored.perform(process, "foo_id", "initiator", "greet", null, null);
    List<Integer> receiptsSeen = new ArrayList<>();
    anchored.addListener(
        (id, chain, p) ->
            receiptsSeen.add(
                (int) chain.events().stream().filter(e -> !e.receipt().isNull()).count()));
    assertThat(anchored.history(process))
        .allSatisfy(e -> assertThat(e.receipt().isNull()).isTrue());

    ledger.seal();

    assertThat(receiptsSeen).containsExactly(1, 2);
    List<io.stele.workflow.chain.Event> events = anchored.history(process);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).receipt().path("position").asInt()).isEqualTo(i);
    }
    assertThat(EventChainVerifier.verify(anchored.chain(process), InMemoryAnchorer.RECEIPTS))
        .isEmpty();
  }

  private static void assertCode(Runnable call, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(SteleException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
