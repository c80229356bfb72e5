package io.stele.workflow.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.encoding.Base58;
import io.stele.core.error.SteleException;
import io.stele.workflow.anchor.EventAnchoring;
import io.stele.workflow.anchor.InMemoryAnchorer;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import io.stele.workflow.json.Json;
import io.stele.workflow.process.Process;
import io.stele.workflow.process.ProcessChain;
import io.stele.workflow.process.Response;
import io.stele.workflow.process.ResponseInput;
import io.stele.workflow.scenario.ScenarioLoader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Two nodes append to one chain at the same time; the fork is merged as LTO does. */
class ForkResolutionTest {
  private static final String NOTES =
      """
      {"$schema": "https://specs.livecontracts.io/v0.2.0/scenario/schema.json#",
       "title": "Notes",
       %s
       "actors": {"alice": {"title": "Alice"}, "bob": {"title": "Bob"}},
       "actions": {
         "note": {"actors": ["alice", "bob"], "responses": {"ok": {}}},
         "close": {"actors": ["alice", "bob"], "responses": {"ok": {}}}},
       "states": {"initial": {"actions": ["note", "close"],
         "transitions": [{"action": "close", "transition": ":success"}]}}}
      """;

  private final KeyPair alice = KeyPair.fromSeed(filled(1));
  private final KeyPair bob = KeyPair.fromSeed(filled(2));
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final InMemoryAnchorer ledger = new InMemoryAnchorer();
  private final EventAnchoring anchoring = new EventAnchoring(ledger);

  private static byte[] filled(int value) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) value);
    return seed;
  }

  /** The chain both nodes hold, then one step by each node without seeing the other's. */
  private EventChain[] concurrentSteps(String priority, String aliceAction, String bobAction) {
    EventChain common =
        new ProcessChain(
                ScenarioLoader.fromJson(Json.parse(NOTES.formatted(priority), "scenario")),
                alice,
                new byte[20],
                clock)
            .chain();
    ProcessChain atAlice = ProcessChain.resume(common, alice, clock);
    ProcessChain atBob = ProcessChain.resume(common, bob, clock);
    clock.advance(1000);
    atAlice.respond(new ResponseInput("alice", aliceAction, null, Json.NODES.textNode("a")));
    atBob.respond(new ResponseInput("bob", bobAction, null, Json.NODES.textNode("b")));
    clock.advance(1000);
    return new EventChain[] {atAlice.chain(), atBob.chain()};
  }

  @Test
  void theBranchAnchoredFirstWinsAndTheOtherIsRebased() {
    EventChain[] copies = concurrentSteps("", "note", "note");
    Event alicesStep = copies[0].events().get(1);
    Event bobsStep = copies[1].events().get(1);
    anchoring.anchor(bobsStep);
    anchoring.anchor(alicesStep);
    ledger.seal();

    ForkResolution.Merge merge =
        new ForkResolution(anchoring, alice, clock).merge(copies[0], copies[1]);

    assertThat(merge.winner()).isEqualTo("right");
    assertThat(merge.reason()).isEqualTo(ForkResolution.Reason.ANCHORING);
    EventChain merged = merge.chain();
    assertThat(merged.events()).hasSize(3);
    assertThat(merged.events().get(1)).isEqualTo(bobsStep);
    Event rebased = merged.events().get(2);
    assertThat(merge.rebased()).containsExactly(rebased);
    assertThat(rebased.body()).isEqualTo(alicesStep.body());
    assertThat(rebased.previous()).isEqualTo(bobsStep.hash());
    assertThat(rebased.signkey()).isEqualTo(alice.publicKey().bytes().toBase58());
    assertThat(rebased.original().hash()).isEqualTo(alicesStep.hash());
    assertThat(rebased.original().previous()).isEqualTo(alicesStep.previous());
    String message =
        rebased.body()
            + "\n"
            + 1_700_000_002L
            + "\n"
            + bobsStep.hash()
            + "\n"
            + rebased.signkey()
            + "\n"
            + alicesStep.hash();
    assertThat(rebased.hash())
        .isEqualTo(Base58.encode(Hashes.sha256(message.getBytes(StandardCharsets.UTF_8))));
    assertThat(EventChainVerifier.verify(merged)).isEmpty();

    Process process = ProcessChain.replay(merged);
    assertThat(process.responses()).extracting(Response::actor).containsExactly("bob", "alice");
  }

  @Test
  void bothNodesMergeToTheSameChain() {
    EventChain[] copies = concurrentSteps("", "note", "note");
    anchoring.anchor(copies[0].events().get(1));
    anchoring.anchor(copies[1].events().get(1));
    ledger.seal();
    ForkResolution resolution = new ForkResolution(anchoring, bob, clock);

    EventChain one = resolution.merge(copies[0], copies[1]).chain();
    EventChain other = resolution.merge(copies[1], copies[0]).chain();

    assertThat(Json.write(one.toJson())).isEqualTo(Json.write(other.toJson()));
    assertThat(one.events().get(1)).isEqualTo(copies[0].events().get(1));
  }

  @Test
  void aForkWhoseFirstEventsAreNotBothAnchoredIsReportedNotGuessed() {
    EventChain[] copies = concurrentSteps("", "note", "note");
    anchoring.anchor(copies[0].events().get(1));
    ledger.seal();

    assertThatThrownBy(
            () -> new ForkResolution(anchoring, alice, clock).merge(copies[0], copies[1]))
        .isInstanceOfSatisfying(
            SteleException.class,
            e -> {
              assertThat(e.code()).isEqualTo("workflow.fork_unresolved");
              assertThat(e.getMessage()).contains(copies[1].events().get(1).hash());
            });
  }

  @Test
  void actorPriorityComesBeforeAnchoring() {
    EventChain[] copies =
        concurrentSteps("\"priority\": {\"actors\": [\"alice\"]},", "note", "note");

    ForkResolution.Merge merge =
        new ForkResolution(anchoring, bob, clock).merge(copies[1], copies[0]);

    assertThat(merge.reason()).isEqualTo(ForkResolution.Reason.ACTOR_PRIORITY);
    assertThat(merge.winner()).isEqualTo("right");
    assertThat(ProcessChain.replay(merge.chain()).responses())
        .extracting(Response::actor)
        .containsExactly("alice", "bob");
  }

  @Test
  void actionPriorityComesFirstAndARebasedStepTheProcessNoLongerAllowsIsRefusedOnReplay() {
    EventChain[] copies =
        concurrentSteps(
            "\"priority\": {\"actions\": [\"close\"], \"actors\": [\"alice\"]},", "note", "close");

    ForkResolution.Merge merge =
        new ForkResolution(anchoring, alice, clock).merge(copies[0], copies[1]);

    assertThat(merge.reason()).isEqualTo(ForkResolution.Reason.ACTION_PRIORITY);
    assertThat(merge.winner()).isEqualTo("right");
    assertThat(EventChainVerifier.verify(merge.chain())).isEmpty();
    assertThatThrownBy(() -> ProcessChain.replay(merge.chain()))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.process_ended"));
  }

  @Test
  void copiesThatDidNotForkNeedNoRebase() {
    EventChain[] copies = concurrentSteps("", "note", "note");
    EventChain shorter =
        new EventChain(
            copies[0].id(), copies[0].events().subList(0, 1), copies[0].identities(), null);

    ForkResolution.Merge merge =
        new ForkResolution(anchoring, alice, clock).merge(shorter, copies[0]);

    assertThat(merge.reason()).isEqualTo(ForkResolution.Reason.NO_FORK);
    assertThat(merge.chain()).isEqualTo(copies[0]);
    assertThat(merge.rebased()).isEmpty();
  }
}
