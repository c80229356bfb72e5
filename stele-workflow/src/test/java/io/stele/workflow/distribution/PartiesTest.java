package io.stele.workflow.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.workflow.WorkflowService;
import io.stele.workflow.anchor.EventAnchoring;
import io.stele.workflow.anchor.InMemoryAnchorer;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.conflict.ForkResolution;
import io.stele.workflow.identity.Identity;
import io.stele.workflow.json.Json;
import io.stele.workflow.store.EventChainStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two parties' nodes keep one process in step over a delivery that fails, delays and repeats. */
class PartiesTest {
  private static final String NOTES =
      """
      {"$schema": "https://specs.livecontracts.io/v0.2.0/scenario/schema.json#",
       "title": "Notes",
       "actors": {"alice": {"title": "Alice"}, "bob": {"title": "Bob"}},
       "actions": {
         "note": {"actors": ["alice", "bob"], "responses": {"ok": {}}},
         "close": {"actors": ["alice", "bob"], "responses": {"ok": {}}}},
       "states": {"initial": {"actions": ["note", "close"],
         "transitions": [{"action": "close", "transition": ":success"}]}}}
      """;

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final InMemoryAnchorer ledger = new InMemoryAnchorer();
  private final EventAnchoring anchoring = new EventAnchoring(ledger);
  private final InProcessDelivery network = new InProcessDelivery();
  private final List<AutoCloseable> open = new ArrayList<>();

  private final KeyPair keyA = KeyPair.fromSeed(seed(1));
  private final KeyPair keyB = KeyPair.fromSeed(seed(2));
  private final Identity alice =
      new Identity("alice", "node-a", Map.of("system", keyA.publicKey()), null);
  private final Identity bob =
      new Identity("bob", "node-b", Map.of("system", keyB.publicKey()), null);

  private record Party(WorkflowService service, PartyNode node, Outbox outbox) {}

  private static byte[] seed(int value) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) value);
    return seed;
  }

  private Party party(String name, KeyPair key, long seed) {
    return party(name, name, key, seed);
  }

  /** A party whose stores live under {@code disk}: a new disk is a node that lost its data. */
  private Party party(String name, String disk, KeyPair key, long seed) {
    EventChainStore store = EventChainStore.open(dir.resolve(disk + "-chains"));
    Outbox outbox =
        Outbox.open(dir.resolve(disk + "-outbox"), clock, new SeededRng(seed), Backoff.DEFAULT);
    open.add(outbox);
    open.add(store);
    PartyNode node = new PartyNode(name, store, outbox, new ForkResolution(anchoring, key, clock));
    WorkflowService service = new WorkflowService(key, clock, new SeededRng(seed));
    service.addListener((id, chain, process) -> node.publish(chain));
    node.onAccepted(service::accept);
    network.register(node);
    return new Party(service, node, outbox);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  @Test
  void aFailedDeliveryIsRetriedAfterBackoffAndARepeatedOneChangesNothing() {
    Party a = party("node-a", keyA, 1);
    Party b = party("node-b", keyB, 2);
    String process =
        a.service().start(a.service().addScenario(Json.parse(NOTES, "s")), List.of(alice, bob));
    assertThat(a.outbox().pending()).extracting(Outbox.Entry::node).containsExactly("node-b");

    network.failNext(1);
    Outbox.Round first = a.node().pump(network);
    assertThat(first.retrying()).isEqualTo(1);
    Outbox.Entry waiting = a.outbox().pending().getFirst();
    assertThat(waiting.failures()).isEqualTo(1);
    assertThat(waiting.dueMillis()).isBetween(clock.millis() + 1_000, clock.millis() + 1_500);
    assertThat(a.node().pump(network).delivered()).isZero();
    assertThat(b.service().processes()).isEmpty();

    clock.advance(1_500);
    network.duplicate(true);
    assertThat(a.node().pump(network).delivered()).isEqualTo(1);
    assertThat(network.outcomes())
        .containsExactly(PartyNode.Outcome.NEW, PartyNode.Outcome.ALREADY_HAD);
    assertThat(a.outbox().pending()).isEmpty();
    assertThat(b.service().processes()).containsExactly(process);
    assertThat(b.service().chain(process)).isEqualTo(a.service().chain(process));
  }

  @Test
  void pendingDeliveriesSurviveARestart() {
    Party a = party("node-a", keyA, 1);
    String process =
        a.service().start(a.service().addScenario(Json.parse(NOTES, "s")), List.of(alice, bob));
    a.outbox().close();
    open.remove(a.outbox());

    try (Outbox reopened =
        Outbox.open(dir.resolve("node-a-outbox"), clock, new SeededRng(9), Backoff.DEFAULT)) {
      assertThat(reopened.pending())
          .containsExactly(new Outbox.Entry("node-b", process, 0, clock.millis()));
    }
  }

  @Test
  void concurrentStepsOnTwoNodesEndInOneChainWithBothSteps() {
    Party a = party("node-a", keyA, 1);
    Party b = party("node-b", keyB, 2);
    String process =
        a.service().start(a.service().addScenario(Json.parse(NOTES, "s")), List.of(alice, bob));
    a.node().pump(network);

    clock.advance(1_000);
    a.service().perform(process, "alice", "alice", "note", null, Json.NODES.textNode("a"));
    b.service().perform(process, "bob", "bob", "note", null, Json.NODES.textNode("b"));
    Event alicesStep = a.service().history(process).getLast();
    Event bobsStep = b.service().history(process).getLast();
    anchoring.anchor(bobsStep);
    anchoring.anchor(alicesStep);
    ledger.seal();

    a.node().pump(network); // bob's node keeps its branch, which was anchored first
    assertThat(network.outcomes().getLast()).isEqualTo(PartyNode.Outcome.KEPT_OURS);
    b.node().pump(network); // alice's node loses, rebases her step and sends the merge back
    assertThat(network.outcomes().getLast()).isEqualTo(PartyNode.Outcome.MERGED);
    a.node().pump(network);
    assertThat(network.outcomes().getLast()).isEqualTo(PartyNode.Outcome.NEW);
    b.node().pump(network);

    EventChain atA = a.node().chain(process).orElseThrow();
    EventChain atB = b.node().chain(process).orElseThrow();
    assertThat(atA).isEqualTo(atB);
    assertThat(atA.events()).hasSize(3);
    assertThat(atA.events().get(1)).isEqualTo(bobsStep);
    assertThat(atA.events().get(2).original().hash()).isEqualTo(alicesStep.hash());
    for (Party p : List.of(a, b)) {
      assertThat(p.service().state(process, null).path("previousResponses"))
          .extracting(n -> n.asText())
          .containsExactly("note.ok", "note.ok");
    }
    assertThat(a.service().chain(process)).isEqualTo(atA);
    assertThat(b.service().chain(process)).isEqualTo(atA);
    assertThat(a.outbox().pending()).isEmpty();
    assertThat(b.outbox().pending()).isEmpty();
  }

  @Test
  void aForkThatCannotBeDecidedYetIsRetriedUntilBothStepsAreAnchored() {
    Party a = party("node-a", keyA, 1);
    Party b = party("node-b", keyB, 2);
    String process =
        a.service().start(a.service().addScenario(Json.parse(NOTES, "s")), List.of(alice, bob));
    a.node().pump(network);
    a.service().perform(process, "alice", "alice", "note", null, null);
    b.service().perform(process, "bob", "bob", "note", null, null);
    EventChain bobsBefore = b.node().chain(process).orElseThrow();

    Outbox.Round refused = a.node().pump(network);

    assertThat(refused.retrying()).isEqualTo(1);
    assertThat(refused.refused()).isEmpty();
    assertThat(b.node().chain(process)).contains(bobsBefore);
    assertThat(b.node().unresolvedForks())
        .containsExactly(
            new PartyNode.UnresolvedFork(
                process,
                1,
                bobsBefore.events().get(1).hash(),
                a.service().history(process).getLast().hash()));

    anchoring.anchor(a.service().history(process).getLast());
    anchoring.anchor(b.service().history(process).getLast());
    ledger.seal();
    clock.advance(Backoff.DEFAULT.maxMillis() * 2);
    a.node().pump(network);
    assertThat(network.outcomes().getLast()).isEqualTo(PartyNode.Outcome.MERGED);
    b.node().pump(network);

    assertThat(a.node().chain(process)).isEqualTo(b.node().chain(process));
    assertThat(a.service().history(process)).hasSize(3);
    assertThat(b.node().unresolvedForks()).isEmpty();
  }

  @Test
  void aForkIsMergedFromPagesOnceTheLastPageArrives() {
    Party a = party("node-a", keyA, 1);
    Party b = party("node-b", keyB, 2);
    String process =
        a.service().start(a.service().addScenario(Json.parse(NOTES, "s")), List.of(alice, bob));
    a.node().pump(network);
    clock.advance(1_000);
    for (String text : List.of("a1", "a2", "a3")) {
      a.service().perform(process, "alice", "alice", "note", null, Json.NODES.textNode(text));
    }
    b.service().perform(process, "bob", "bob", "note", null, Json.NODES.textNode("b1"));
    Event bobsStep = b.service().history(process).getLast();
    anchoring.anchor(a.service().history(process).get(1));
    anchoring.anchor(bobsStep);
    ledger.seal();
    network.pageBytes(1); // one event per page

    a.node().pump(network);

    assertThat(network.sent()).extracting(ChainPage::from).containsExactly(0, 1, 2, 3);
    assertThat(network.outcomes())
        .containsExactly(
            PartyNode.Outcome.NEW,
            PartyNode.Outcome.PENDING,
            PartyNode.Outcome.PENDING,
            PartyNode.Outcome.MERGED);
    b.node().pump(network); // from the start: alice's node has never acknowledged anything of b's
    assertThat(network.outcomes().getLast()).isEqualTo(PartyNode.Outcome.NEW);

    EventChain atA = a.node().chain(process).orElseThrow();
    assertThat(b.node().chain(process)).contains(atA);
    assertThat(atA.events()).hasSize(5);
    assertThat(atA.events().getLast().original().hash()).isEqualTo(bobsStep.hash());
    assertThat(a.service().history(process)).hasSize(5);
  }

  @Test
  void aNodeThatLostTheEventsBeforeAPageIsSentTheChainFromTheStart() {
    Party a = party("node-a", keyA, 1);
    party("node-b", keyB, 2);
    String process =
        a.service().start(a.service().addScenario(Json.parse(NOTES, "s")), List.of(alice, bob));
    a.node().pump(network);
    Party fresh = party("node-b", "node-b-new-disk", keyB, 3);
    a.service().perform(process, "alice", "alice", "note", null, null);
    network.sent().clear();

    Outbox.Round round = a.node().pump(network);

    assertThat(round.delivered()).isEqualTo(1);
    assertThat(network.sent()).extracting(ChainPage::from).containsExactly(1, 0);
    assertThat(fresh.node().chain(process)).contains(a.node().chain(process).orElseThrow());
    assertThat(fresh.service().history(process)).hasSize(2);
  }

  @Test
  void aDelayedCopyThatArrivesAfterANewerOneChangesNothing() {
    Party a = party("node-a", keyA, 1);
    Party b = party("node-b", keyB, 2);
    String process =
        a.service().start(a.service().addScenario(Json.parse(NOTES, "s")), List.of(alice, bob));
    network.hold(true);
    a.node().pump(network);
    network.hold(false);
    a.service().perform(process, "alice", "alice", "note", null, null);
    a.node().pump(network);
    assertThat(b.service().history(process)).hasSize(2);

    network.release();

    assertThat(network.outcomes().getLast()).isEqualTo(PartyNode.Outcome.ALREADY_HAD);
    assertThat(b.service().history(process)).hasSize(2);
  }

  @Test
  void badCopiesAreRefusedWithACodeAndChangeNothing() {
    Party a = party("node-a", keyA, 1);
    Party b = party("node-b", keyB, 2);
    String process =
        a.service().start(a.service().addScenario(Json.parse(NOTES, "s")), List.of(alice, bob));
    a.node().pump(network);
    a.service().perform(process, "alice", "alice", "note", null, null);
    EventChain good = a.service().chain(process);
    List<Event> events = new ArrayList<>(good.events());
    Event last = events.getLast();

    events.set(
        1,
        new Event(
            last.origin(),
            last.body(),
            last.timestamp() + 1,
            last.previous(),
            last.signkey(),
            last.signature(),
            last.hash(),
            null,
            null));
    assertRefused(
        b,
        new EventChain(good.id(), events.subList(0, 2), good.identities(), null),
        "workflow.event_hash");

    KeyPair outsider = KeyPair.fromSeed(seed(7));
    Event forged = Event.sign(null, last.bodyBytes(), last.timestamp(), last.previous(), outsider);
    events.set(1, forged);
    assertRefused(
        b,
        new EventChain(good.id(), events.subList(0, 2), good.identities(), null),
        "workflow.event_signer");

    Identity carol = new Identity("carol", "node-c", Map.of("system", keyA.publicKey()), null);
    WorkflowService elsewhere = new WorkflowService(keyA, clock, new SeededRng(5));
    String other = elsewhere.start(elsewhere.addScenario(Json.parse(NOTES, "s")), List.of(carol));
    assertRefused(b, elsewhere.chain(other), "workflow.not_a_party");

    assertThat(b.service().history(process)).hasSize(1);
    assertThat(b.node().chain(process).orElseThrow().events()).hasSize(1);
  }

  private static void assertRefused(Party party, EventChain copy, String code) {
    assertThatThrownBy(() -> party.node().receive(copy))
        .isInstanceOfSatisfying(SteleException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void anInvitedPartyJoinsByReplacingItsOneTimeKey() {
    Party a = party("node-a", keyA, 1);
    Party b = party("node-b", keyB, 2);
    String process =
        a.service().start(a.service().addScenario(Json.parse(NOTES, "s")), List.of(alice));
    var invitation = a.service().invite(process, "bob", "node-b");
    a.node().pump(network);
    assertThat(b.service().identities(process).get("bob").signkeys())
        .containsExactly(Map.entry("invitation", invitation.oneTimeKey().publicKey()));

    b.service().join(process, bob, invitation.oneTimeSeed());
    b.node().pump(network);

    assertThat(a.service().identities(process).get("bob")).isEqualTo(bob);
    assertThat(a.service().history(process)).hasSize(3);
    assertThatThrownBy(() -> b.service().join(process, bob, invitation.oneTimeSeed()))
        .isInstanceOfSatisfying(
            SteleException.class, e -> assertThat(e.code()).isEqualTo("workflow.invitation"));
    b.service().perform(process, "bob", "bob", "note", null, null);
    b.node().pump(network);
    assertThat(a.service().state(process, "alice").path("previousResponses").get(0).asText())
        .isEqualTo("note.ok");
    assertThat(a.service().history(process).getLast().signkey())
        .isEqualTo(keyB.publicKey().bytes().toBase58());
    assertThat(a.service().identities(process)).containsOnlyKeys("alice", "bob");
  }
}
