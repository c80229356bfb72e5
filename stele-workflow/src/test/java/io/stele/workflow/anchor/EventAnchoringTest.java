package io.stele.workflow.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.anchor.AnchorProof;
import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.workflow.Vectors;
import io.stele.workflow.chain.ChainId;
import io.stele.workflow.chain.ChainProblem;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import io.stele.workflow.json.Json;
import io.stele.workflow.process.ProcessChain;
import io.stele.workflow.process.ResponseInput;
import io.stele.workflow.scenario.ScenarioLoader;
import io.stele.workflow.store.EventChainStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventAnchoringTest {
  private static EventChain handshake() {
    ProcessChain run =
        new ProcessChain(
            ScenarioLoader.load(Vectors.lto("scenarios/Handshake/scenario-v1.0.json")),
            KeyPair.fromSeed(new byte[32]),
            new byte[20],
            new ManualClock(1_600_000_000_000L));
    run.respond(new ResponseInput("initiator", "greet", null, null));
    run.respond(new ResponseInput("recipient", "reply", "not_good", null));
    return run.chain();
  }

  @Test
  void receiptsAreFilledOnceTheAnchorIsFinal() {
    InMemoryAnchorer ledger = new InMemoryAnchorer();
    EventAnchoring anchoring = new EventAnchoring(ledger);
    EventChain chain = handshake();
    CompletableFuture<EventChain> anchored = anchoring.anchorAll(chain);
    assertThat(anchored).isNotDone();
    assertThat(anchoring.of(chain.events().get(1).hash())).isEmpty();

    ledger.seal();

    EventChain done = anchored.join();
    for (int i = 0; i < done.events().size(); i++) {
      Event event = done.events().get(i);
      assertThat(event.hash()).isEqualTo(chain.events().get(i).hash());
      assertThat(event.receipt().path("position").asInt()).isEqualTo(i);
      assertThat(anchoring.of(event.hash()).orElseThrow().position()).isEqualTo(i);
      assertThat(anchoring.of(event.hash()).orElseThrow().blockHeight()).isEqualTo(1);
    }
    assertThat(EventChainVerifier.verify(done, InMemoryAnchorer.RECEIPTS)).isEmpty();
  }

  @Test
  void aReceiptForAnotherHashIsReported() {
    InMemoryAnchorer ledger = new InMemoryAnchorer();
    CompletableFuture<EventChain> anchored = new EventAnchoring(ledger).anchorAll(handshake());
    ledger.seal();
    EventChain chain = anchored.join();
    List<Event> events = new ArrayList<>(chain.events());
    ObjectNode swapped = events.get(2).receipt().deepCopy();
    swapped.put("hash", events.get(1).receipt().path("hash").asText());
    events.set(2, events.get(2).withReceipt(swapped));
    EventChain tampered = new EventChain(chain.id(), events, chain.identities(), chain.resources());

    List<ChainProblem> problems = EventChainVerifier.verify(tampered, InMemoryAnchorer.RECEIPTS);

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.event()).isEqualTo(2);
              assertThat(p.field()).isEqualTo("receipt");
              assertThat(p.code()).isEqualTo("anchor.receipt_hash");
            });
    // Without a checker, receipts are not judged: they are not signed.
    assertThat(EventChainVerifier.verify(tampered)).isEmpty();
  }

  @Test
  void theReceiptKeepsTheLedgersExactTextThroughFilesAndTheStore(@TempDir Path dir) {
    // Field order not sorted, a decimal with a trailing zero, a large integer, nesting.
    String issued =
        "{\"version\":2,\"target\":\"ab\",\"anchors\":[{\"height\":9007199254740993,"
            + "\"position\":0,\"proof\":[\"ff\",\"00\"]}],\"fee\":1.50,\"certificate\":{}}";
    Event plain = handshake().events().getFirst();
    Anchorer ledger =
        hash ->
            CompletableFuture.completedFuture(
                new AnchorProof(hash, 1, 0, Bytes.of(new byte[32]), issued));

    Event anchored = new EventAnchoring(ledger).anchor(plain).join();
    EventChain chain = handshake();
    List<Event> events = new ArrayList<>(chain.events());
    events.set(0, anchored);
    EventChain withReceipt =
        new EventChain(chain.id(), events, chain.identities(), chain.resources());
    EventChain fromFile =
        EventChain.fromJson(Json.parse(Json.write(withReceipt.toJson()), "chain file"));

    assertThat(Json.write(anchored.receipt())).isEqualTo(issued);
    assertThat(Json.write(fromFile.events().getFirst().receipt())).isEqualTo(issued);
    try (EventChainStore store = EventChainStore.open(dir)) {
      store.receive(withReceipt);
      EventChain stored = store.get(ChainId.fromBase58(chain.id())).orElseThrow();
      assertThat(Json.write(stored.events().getFirst().receipt())).isEqualTo(issued);
    }
  }
}
