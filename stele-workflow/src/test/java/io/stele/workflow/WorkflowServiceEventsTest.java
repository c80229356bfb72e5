package io.stele.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.identity.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowServiceEventsTest {
  private static final long START = 1_600_000_000L;
  private final ManualClock clock = new ManualClock(START * 1000);
  private final KeyPair aliceKey = KeyPair.fromSeed(new byte[32]);
  private final KeyPair bobKey = KeyPair.fromSeed(filled(7));
  private final WorkflowService alice = new WorkflowService(aliceKey, clock, new SeededRng(1));
  private final WorkflowService bob = new WorkflowService(bobKey, clock, new SeededRng(2));
  private final List<Identity> parties =
      List.of(
          new Identity("foo_id", "a", Map.of("system", aliceKey.publicKey()), null),
          new Identity("bar_id", "b", Map.of("system", bobKey.publicKey()), null));

  private static byte[] filled(int value) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) value);
    return seed;
  }

  @Test
  void theNodeThatStartedAProcessFiresItsTimeoutOnceAndTheOtherReceivesIt() {
    String scenario = alice.addScenario(Scenarios.handshakeWithTimeout("PT1H"));
    String process = alice.start(scenario, parties);
    alice.perform(process, "foo_id", "initiator", "greet", null, null);
    bob.accept(alice.chain(process));
    List<EventChain> sent = new ArrayList<>();
    alice.addListener((id, chain, p) -> sent.add(chain));

    assertThat(alice.nextTimeout()).contains(START + 3600);
    assertThat(bob.nextTimeout()).isEmpty();
    clock.advance(3_599_000);
    assertThat(alice.fireDueTimeouts()).isEmpty();
    clock.advance(1000);
    assertThat(bob.fireDueTimeouts()).isEmpty();
    assertThat(alice.fireDueTimeouts()).containsExactly(process);
    assertThat(alice.fireDueTimeouts()).isEmpty();

    assertThat(alice.state(process, null).path("state").asText()).isEqualTo(":cancelled");
    assertThat(sent).hasSize(1);
    bob.accept(sent.getFirst());
    assertThat(bob.state(process, null).path("previousResponses").get(1).asText())
        .isEqualTo(":timeout.ok");
    assertThat(bob.history(process)).hasSize(3);
  }

  @Test
  void commentsAndAgreedDeviationsShowInTheState() {
    String scenario = alice.addScenario(Scenarios.handshake());
    String process = alice.start(scenario, parties);
    alice.comment(process, "foo_id", "initiator", "hello first");
    JsonNode shown =
        alice.proposeDeviation(process, "foo_id", "initiator", ":success", "done offline");
    String proposal = shown.path("proposals").get(0).path("id").asText();
    assertThat(shown.path("comments").get(0).path("message").asText()).isEqualTo("hello first");
    assertThat(shown.path("proposals").get(0).path("status").asText()).isEqualTo("pending");

    assertCode(
        () -> alice.answer(process, "carol_id", "recipient", proposal, true),
        "workflow.unknown_identity");
    shown = alice.answer(process, "bar_id", "recipient", proposal, true);
    assertThat(shown.path("state").asText()).isEqualTo(":success");
    assertThat(shown.path("proposals").get(0).path("status").asText()).isEqualTo("applied");
  }

  @Test
  void aScenarioUpdateNeedsAScenarioTheServiceKnows() {
    String v1 = alice.addScenario(Scenarios.handshake());
    String process = alice.start(v1, parties);
    assertCode(
        () -> alice.proposeUpdate(process, "foo_id", "initiator", "nope", Map.of(), null),
        "workflow.unknown_scenario");
    String v2 = alice.addScenario(Scenarios.handshakeRenamed());
    JsonNode shown =
        alice.proposeUpdate(
            process, "foo_id", "initiator", v2, Map.of("wait_on_recipient", "waiting"), null);
    shown =
        alice.answer(
            process,
            "bar_id",
            "recipient",
            shown.path("proposals").get(0).path("id").asText(),
            true);
    assertThat(shown.path("scenario").asText()).isEqualTo("A handshake, v2");
  }

  @Test
  void aChildProcessThatEndsMovesItsParentOn() {
    String child = alice.addScenario(Scenarios.handshake());
    String parentScenario = alice.addScenario(Scenarios.parentOf(child));
    String parent = alice.start(parentScenario, parties);

    String started = alice.startSubprocess(parent, "foo_id", "initiator", "handshake");
    assertThat(alice.state(parent, null).path("subprocesses").get(0).path("process").asText())
        .isEqualTo(started);
    assertThat(alice.identities(started)).containsOnlyKeys("foo_id", "bar_id");

    alice.perform(started, "foo_id", "initiator", "greet", null, null);
    alice.perform(started, "bar_id", "recipient", "reply", null, null);
    assertThat(alice.state(parent, null).path("state").asText()).isEqualTo("initial");
    alice.perform(started, "foo_id", "initiator", "complete", null, null);

    JsonNode shown = alice.state(parent, null);
    assertThat(shown.path("state").asText()).isEqualTo(":success");
    assertThat(shown.path("subprocesses").get(0).path("state").asText()).isEqualTo(":success");
    assertThat(io.stele.workflow.process.ProcessChain.replay(alice.chain(parent)).state())
        .isEqualTo(":success");
  }

  private static void assertCode(Runnable call, String code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(SteleException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
