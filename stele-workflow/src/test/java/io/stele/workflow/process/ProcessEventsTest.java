package io.stele.workflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.workflow.Scenarios;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import io.stele.workflow.json.Json;
import io.stele.workflow.scenario.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ProcessEventsTest {
  private static final KeyPair KEY = KeyPair.fromSeed(new byte[32]);
  private static final long START = 1_519_862_400L;
  private final ManualClock clock = new ManualClock(START * 1000);

  private ProcessChain run(ObjectNode scenario) {
    return new ProcessChain(ScenarioLoader.fromJson(scenario), KEY, new byte[20], clock);
  }

  private static void assertReplays(ProcessChain run) {
    assertThat(EventChainVerifier.verify(run.chain())).isEmpty();
    assertThat(Json.write(ProcessChain.replay(run.chain()).toJson()))
        .isEqualTo(Json.write(run.process().toJson()));
  }

  private static void assertCode(Runnable action, String code) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(SteleException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void aStateTimesOutOnlyOnceItsDueDateHasCome() {
    ProcessChain run = run(Scenarios.handshakeWithTimeout("P1D"));
    clock.advance(60_000);
    run.respond(new ResponseInput("initiator", "greet", null, null));
    long due = START + 60 + 86_400;
    assertThat(run.dueDate()).contains(due);

    clock.advance(86_400_000 - 1000);
    assertCode(run::timeout, "workflow.not_due");
    assertThat(run.chain().events()).hasSize(2);

    clock.advance(1000);
    Process after = run.timeout();
    assertThat(after.state()).isEqualTo(":cancelled");
    assertThat(after.responses().getLast().label()).isEqualTo(":timeout.ok");
    assertThat(after.lastActor()).isNull();
    assertThat(run.chain().events().getLast().timestamp()).isEqualTo(due);
    assertThat(run.dueDate()).isEmpty();
    assertCode(run::timeout, "workflow.not_due");
    assertReplays(run);
  }

  @Test
  void aTimeoutRecordedBeforeItWasDueIsNotReplayed() {
    ProcessChain run = run(Scenarios.handshakeWithTimeout("PT1H"));
    run.respond(new ResponseInput("initiator", "greet", null, null));
    ObjectNode body = Json.NODES.objectNode();
    body.put("$schema", ProcessChain.RESPONSE_SCHEMA);
    body.put("action", ":timeout");
    body.put("key", "ok");
    body.putNull("actor");
    body.putNull("data");
    EventChain early =
        run.chain()
            .with(
                Event.sign(
                    null,
                    Json.write(body).getBytes(StandardCharsets.UTF_8),
                    START + 3599,
                    run.chain().latestHash(),
                    KEY));
    assertThat(EventChainVerifier.verify(early)).isEmpty();
    assertThatThrownBy(() -> ProcessChain.replay(early))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.not_due"))
        .hasMessageContaining("event 2")
        .hasMessageContaining("due at " + (START + 3600));
  }

  @Test
  void onlyTheProcessCreatorFiresATimeout() {
    ProcessChain run = run(Scenarios.handshakeWithTimeout("PT1H"));
    run.respond(new ResponseInput("initiator", "greet", null, null));
    clock.advance(3_600_000);
    KeyPair other =
        KeyPair.fromSeed(
            new byte[] {
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
              17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
            });
    ProcessChain party = ProcessChain.resume(run.chain(), other, clock);
    assertCode(party::timeout, "workflow.timeout_signer");

    ObjectNode body = Json.NODES.objectNode();
    body.put("$schema", ProcessChain.RESPONSE_SCHEMA);
    body.put("action", ":timeout");
    body.put("key", "ok");
    body.putNull("actor");
    body.putNull("data");
    EventChain forged =
        run.chain()
            .with(
                Event.sign(
                    null,
                    Json.write(body).getBytes(StandardCharsets.UTF_8),
                    START + 3600,
                    run.chain().latestHash(),
                    other));
    assertCode(() -> ProcessChain.replay(forged), "workflow.timeout_signer");
  }

  @Test
  void aStateWithoutATimeoutTransitionDoesNotTimeOut() {
    ObjectNode scenario = Scenarios.handshake();
    ((ObjectNode) scenario.get("states").get("wait_on_recipient")).put("timeout", "PT1M");
    ProcessChain run = run(scenario);
    run.respond(new ResponseInput("initiator", "greet", null, null));
    clock.advance(120_000);
    assertCode(run::timeout, "workflow.no_timeout");
    assertThat(run.chain().events()).hasSize(2);
  }

  @Test
  void aCommentChangesNoStateAndReplays() {
    ProcessChain run = run(Scenarios.handshake());
    run.respond(new ResponseInput("initiator", "greet", null, null));
    clock.advance(5000);
    Process after = run.record(ProcessEvents.commentBody("recipient", "Give me a minute"));

    assertThat(after.state()).isEqualTo("wait_on_recipient");
    assertThat(after.responses()).hasSize(1);
    assertThat(after.comments())
        .containsExactly(new Comment("recipient", "Give me a minute", START + 5));
    assertReplays(run);

    assertCode(() -> run.record(ProcessEvents.commentBody("recipient", "")), "workflow.comment");
    assertCode(
        () -> run.record(ProcessEvents.commentBody("stranger", "hi")), "workflow.unknown_actor");
    assertCode(
        () -> run.record(ProcessEvents.commentBody("recipient", "x".repeat(10_001))),
        "workflow.comment");
    assertThat(run.chain().events()).hasSize(3);
  }

  /** Comments between the steps of any conversation leave the replay byte for byte the same. */
  @Property(tries = 15)
  void commentsAnywhereReplayByteForByte(
      @ForAll @IntRange(max = 4) int elaborations, @ForAll @IntRange(max = 3) int perStep) {
    ProcessChain run = run(Scenarios.handshake());
    run.respond(new ResponseInput("initiator", "greet", null, null));
    run.respond(new ResponseInput("recipient", "reply", "not_good", null));
    for (int i = 0; i < elaborations; i++) {
      for (int c = 0; c < perStep; c++) {
        run.record(ProcessEvents.commentBody(c % 2 == 0 ? "initiator" : "recipient", "c" + i));
      }
      run.respond(new ResponseInput("initiator", "sympathize", null, null));
      run.respond(new ResponseInput("recipient", "elaborate", null, null));
    }
    assertThat(run.process().comments()).hasSize(elaborations * perStep);
    assertThat(run.process().state()).isEqualTo("expect_sympathy");
    assertReplays(run);
  }

  /**
   * Any mix of steps, comments, deviations and answers, refused ones included, replays to the same
   * bytes; a refused one adds no event.
   */
  @Property(tries = 30)
  void anyMixOfEventsReplaysByteForByte(
      @ForAll @net.jqwik.api.constraints.Size(max = 25) List<@IntRange(max = 99) Integer> moves) {
    ProcessChain run = run(Scenarios.handshake());
    List<String> states =
        List.of("initial", "wait_on_recipient", "expect_sympathy", "wait_on_initiator", ":success");
    List<String> actors = List.of("initiator", "recipient");
    for (int move : moves) {
      String actor = actors.get(move % 2);
      int before = run.chain().events().size();
      try {
        switch (move % 5) {
          case 0 -> {
            String action = ProcessEngine.defaultAction(run.process()).orElse("greet");
            run.respond(new ResponseInput(actor, action, null, null));
          }
          case 1 -> run.record(ProcessEvents.commentBody(actor, "note " + move));
          case 2 ->
              run.record(
                  ProcessEvents.deviationBody(actor, states.get(move % states.size()), null));
          default -> {
            String id = run.process().pendingProposal().map(Proposal::id).orElse("no proposal");
            run.record(ProcessEvents.answerBody(actor, id, move % 5 == 3));
          }
        }
        assertThat(run.chain().events()).hasSize(before + 1);
      } catch (SteleException refused) {
        assertThat(refused.code()).startsWith("workflow.");
        assertThat(run.chain().events()).hasSize(before);
      }
    }
    assertReplays(run);
  }

  @Test
  void aDeviationTakesEffectOnlyWhenTheOtherActorAgrees() {
    ProcessChain run = run(Scenarios.handshake());
    run.respond(new ResponseInput("initiator", "greet", null, null));
    run.record(ProcessEvents.deviationBody("initiator", "wait_on_initiator", "we met in person"));
    String id = run.chain().events().getLast().hash();

    assertThat(run.process().state()).isEqualTo("wait_on_recipient");
    assertThat(run.process().pendingProposal()).map(Proposal::id).contains(id);
    assertCode(
        () -> run.record(ProcessEvents.deviationBody("recipient", ":success", null)),
        "workflow.proposal_pending");
    assertCode(
        () -> run.record(ProcessEvents.answerBody("initiator", id, true)),
        "workflow.already_answered");
    assertCode(
        () -> run.record(ProcessEvents.answerBody("recipient", "nope", true)),
        "workflow.unknown_proposal");

    clock.advance(1000);
    Process after = run.record(ProcessEvents.answerBody("recipient", id, true));
    assertThat(after.state()).isEqualTo("wait_on_initiator");
    assertThat(after.proposals().getFirst().status()).isEqualTo(Proposal.Status.APPLIED);
    assertThat(after.proposals().getFirst().accepted()).containsExactly("recipient");
    assertThat(after.pendingProposal()).isEmpty();
    assertThat(after.responses()).hasSize(1);
    assertReplays(run);
  }

  /** A proposal rebased after a fork keeps its id: answers name the hash it was first signed as. */
  @Test
  void aRebasedProposalIsStillFoundByItsFirstHash() {
    ProcessChain ours = run(Scenarios.handshake());
    ours.record(ProcessEvents.commentBody("recipient", "meanwhile"));
    ProcessChain theirs = run(Scenarios.handshake());
    theirs.record(ProcessEvents.deviationBody("initiator", ":success", null));
    Event proposed = theirs.chain().events().getLast();

    clock.advance(1000);
    Event rebased = proposed.rebase(ours.chain().latestHash(), START + 1, KEY);
    EventChain merged = ours.chain().with(rebased);
    ProcessChain resumed = ProcessChain.resume(merged, KEY, clock);
    assertThat(resumed.process().pendingProposal()).map(Proposal::id).contains(proposed.hash());

    Process after = resumed.record(ProcessEvents.answerBody("recipient", proposed.hash(), true));
    assertThat(after.state()).isEqualTo(":success");
    assertReplays(resumed);
  }

  @Test
  void aRefusedDeviationChangesNothingButItsStatus() {
    ProcessChain run = run(Scenarios.handshake());
    run.record(ProcessEvents.deviationBody("recipient", ":cancelled", "changed my mind"));
    String id = run.chain().events().getLast().hash();
    Process after = run.record(ProcessEvents.answerBody("initiator", id, false));

    assertThat(after.state()).isEqualTo("initial");
    assertThat(after.proposals().getFirst().status()).isEqualTo(Proposal.Status.REFUSED);
    assertCode(
        () -> run.record(ProcessEvents.deviationBody("recipient", "nowhere", null)),
        "workflow.unknown_state");
    assertCode(
        () -> run.record(ProcessEvents.deviationBody("recipient", "initial", null)),
        "workflow.deviation");
    assertReplays(run);
  }

  @Test
  void aScenarioUpdateMapsTheStateOnceAgreed() {
    ProcessChain run = run(Scenarios.handshake());
    run.respond(new ResponseInput("initiator", "greet", null, null));
    ObjectNode v2 = Scenarios.handshakeRenamed();

    assertThatThrownBy(() -> run.record(ProcessEvents.updateBody("initiator", v2, Map.of(), null)))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.scenario_update"))
        .hasMessageContaining("lint.update_unmapped_state at states.wait_on_recipient");
    assertCode(
        () ->
            run.record(
                ProcessEvents.updateBody(
                    "initiator", v2, Map.of("wait_on_recipient", "nowhere"), null)),
        "workflow.scenario_update");

    run.record(
        ProcessEvents.updateBody(
            "initiator", v2, Map.of("wait_on_recipient", "waiting"), "clearer names"));
    String id = run.chain().events().getLast().hash();
    assertThat(run.process().scenario().title()).isEqualTo("A handshake");
    Process after = run.record(ProcessEvents.answerBody("recipient", id, true));

    assertThat(after.scenario().title()).isEqualTo("A handshake, v2");
    assertThat(after.state()).isEqualTo("waiting");
    after = run.respond(new ResponseInput("recipient", "reply", null, null));
    assertThat(after.state()).isEqualTo("wait_on_initiator");
    assertReplays(run);
  }

  @Test
  void aSubProcessEndsWithTheResponseNamedAfterTheChildsFinalState() {
    ProcessChain run = run(Scenarios.parentOf("child-scenario"));
    assertCode(
        () -> run.respond(new ResponseInput("initiator", "handshake", null, null)),
        "workflow.subprocess");
    run.record(ProcessEvents.subprocessBody("initiator", "handshake", "child-1", "child-scenario"));
    assertThat(run.process().subprocesses())
        .containsExactly(
            new SubProcess("handshake", "initiator", "child-1", "child-scenario", null));
    assertCode(
        () ->
            run.record(
                ProcessEvents.subprocessBody(
                    "initiator", "handshake", "child-2", "child-scenario")),
        "workflow.subprocess");
    assertCode(
        () ->
            run.record(
                ProcessEvents.subprocessEndBody("child-1", "initial", Json.NODES.objectNode())),
        "workflow.subprocess");

    Process after =
        run.record(ProcessEvents.subprocessEndBody("child-1", ":success", Json.NODES.objectNode()));
    assertThat(after.state()).isEqualTo(":success");
    assertThat(after.responses().getLast().label()).isEqualTo("handshake.ok");
    assertThat(after.responses().getLast().data().path("process").asText()).isEqualTo("child-1");
    assertThat(after.subprocesses().getFirst().state()).isEqualTo(":success");
    assertReplays(run);
  }

  @Test
  void aCancelledChildTakesTheParentsOtherTransition() {
    ProcessChain run = run(Scenarios.parentOf("child-scenario"));
    run.record(ProcessEvents.subprocessBody("initiator", "handshake", "child-1", "child-scenario"));
    Process after =
        run.record(
            ProcessEvents.subprocessEndBody("child-1", ":cancelled", Json.NODES.objectNode()));
    assertThat(after.responses().getLast().label()).isEqualTo("handshake.cancelled");
    assertThat(after.state()).isEqualTo(":failed");
    assertThat(run.chain().events()).hasSize(3);
    assertReplays(run);
  }
}
