package io.stele.workflow.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.workflow.Vectors;
import io.stele.workflow.chain.ChainProblem;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import io.stele.workflow.process.ProcessChain;
import io.stele.workflow.process.ResponseInput;
import io.stele.workflow.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

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
}
