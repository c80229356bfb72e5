package io.stele.workflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.workflow.Vectors;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import io.stele.workflow.json.Json;
import io.stele.workflow.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ProcessChainTest {
  private static ProcessChain handshake(int elaborations) {
    ProcessChain run =
        new ProcessChain(
            ScenarioLoader.load(Vectors.lto("scenarios/Handshake/scenario-v1.0.json")),
            KeyPair.fromSeed(new byte[32]),
            new byte[20],
            new ManualClock(1_600_000_000_000L));
    run.respond(new ResponseInput("initiator", "greet", null, null));
    run.respond(new ResponseInput("recipient", "reply", "not_good", null));
    for (int i = 0; i < elaborations; i++) {
      run.respond(new ResponseInput("initiator", "sympathize", null, null));
      run.respond(new ResponseInput("recipient", "elaborate", null, Json.NODES.numberNode(i)));
    }
    return run;
  }

  /** However long the conversation, the chain verifies and replays to the same bytes. */
  @Property(tries = 20)
  void replayRebuildsTheProcessByteForByte(@ForAll @IntRange(max = 6) int elaborations) {
    ProcessChain run = handshake(elaborations);
    assertThat(EventChainVerifier.verify(run.chain())).isEmpty();
    assertThat(run.chain().events()).hasSize(3 + 2 * elaborations);
    assertThat(Json.write(ProcessChain.replay(run.chain()).toJson()))
        .isEqualTo(Json.write(run.process().toJson()));
  }

  @Property(tries = 10)
  void aRefusedResponseRecordsNothing(@ForAll @IntRange(max = 3) int elaborations) {
    ProcessChain run = handshake(elaborations);
    int before = run.chain().events().size();
    assertThatThrownBy(() -> run.respond(new ResponseInput("recipient", "greet", null, null)))
        .isInstanceOf(SteleException.class);
    assertThat(run.chain().events()).hasSize(before);
  }

  @org.junit.jupiter.api.Test
  void aTamperedChainIsNotReplayed() {
    EventChain chain = handshake(1).chain();
    List<Event> events = new ArrayList<>(chain.events());
    Event last = events.getLast();
    events.set(
        events.size() - 1,
        new Event(
            last.origin(),
            last.body(),
            last.timestamp() + 1,
            last.previous(),
            last.signkey(),
            last.signature(),
            last.hash(),
            last.receipt(),
            last.original()));
    assertThatThrownBy(() -> ProcessChain.replay(new EventChain(chain.id(), events, null, null)))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.chain_invalid"))
        .hasMessageStartingWith("event 4 hash: workflow.event_hash");
  }

  @org.junit.jupiter.api.Test
  void dueDateCountsFromTheEventThatEnteredTheState() {
    com.fasterxml.jackson.databind.node.ObjectNode json =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Json.parse(
                new String(
                    Json.readFile(Vectors.lto("scenarios/Handshake/scenario-v1.0.json"), 1 << 20),
                    java.nio.charset.StandardCharsets.UTF_8),
                "handshake");
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("states").get("wait_on_recipient"))
        .put("timeout", "P1D");
    ManualClock clock = new ManualClock(1_519_862_400_000L);
    ProcessChain run =
        new ProcessChain(
            ScenarioLoader.fromJson(json), KeyPair.fromSeed(new byte[32]), new byte[20], clock);
    assertThat(run.dueDate()).isEmpty();
    clock.advance(60_000);
    run.respond(new ResponseInput("initiator", "greet", null, null));
    assertThat(run.dueDate()).contains(1_519_862_460L + 86_400L);
  }

  @org.junit.jupiter.api.Test
  void replayingAStoredChainChecksLinksButNotSignaturesAgain() {
    ProcessChain run = handshake(1);
    EventChain chain = run.chain();
    List<Event> events = new ArrayList<>(chain.events());
    Event last = events.getLast();
    Event unsigned =
        new Event(
            last.origin(),
            last.body(),
            last.timestamp(),
            last.previous(),
            last.signkey(),
            "1",
            last.hash(),
            last.receipt(),
            last.original());
    events.set(events.size() - 1, unsigned);
    EventChain trusted = new EventChain(chain.id(), events, null, null);
    assertThat(Json.write(ProcessChain.replayVerified(trusted).toJson()))
        .isEqualTo(Json.write(run.process().toJson()));

    events.remove(2);
    assertThatThrownBy(
            () -> ProcessChain.replayVerified(new EventChain(chain.id(), events, null, null)))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.chain_invalid"))
        .hasMessageStartingWith("event 2 previous: workflow.event_link");
  }
}
