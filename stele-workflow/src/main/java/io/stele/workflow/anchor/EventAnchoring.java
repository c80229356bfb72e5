package io.stele.workflow.anchor;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.workflow.chain.Event;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Anchors event hashes through an {@link Anchorer} and remembers where each landed, so forks can be
 * resolved by anchoring order. An event's {@code receipt} is filled in once its anchor is final.
 */
public final class EventAnchoring implements Anchors {
  /** Largest receipt accepted from the anchorer. */
  public static final int MAX_RECEIPT_BYTES = 1 << 20;

  private final Anchorer anchorer;
  private final Map<String, AnchorProof> proofs = new ConcurrentHashMap<>();

  public EventAnchoring(Anchorer anchorer) {
    this.anchorer = anchorer;
  }

  /**
   * Anchors the event's hash; the future completes with the event carrying its receipt once the
   * anchor is final. A proof for another hash fails the future with {@code workflow.anchor}.
   */
  public CompletableFuture<Event> anchor(Event event) {
    Bytes hash = Bytes.fromBase58(event.hash(), Anchorer.MAX_HASH_LENGTH);
    return anchorer
        .anchor(hash)
        .thenApply(
            proof -> {
              if (!proof.hash().equals(hash)) {
                throw new SteleException(
                    "workflow.anchor",
                    "anchorer answered for " + proof.hash().toBase58() + ", not " + event.hash());
              }
              byte[] receipt = proof.receiptJson().getBytes(StandardCharsets.UTF_8);
              Event anchored =
                  event.withReceipt(
                      Json.parse(receipt, MAX_RECEIPT_BYTES, "receipt of event " + event.hash()));
              proofs.put(event.hash(), proof);
              return anchored;
            });
  }

  /** Anchors every event of the chain that has no receipt yet; completes with the filled chain. */
  public CompletableFuture<EventChain> anchorAll(EventChain chain) {
    List<CompletableFuture<Event>> pending = new ArrayList<>();
    for (Event event : chain.events()) {
      pending.add(
          event.receipt().isNull() ? anchor(event) : CompletableFuture.completedFuture(event));
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .thenApply(
            done ->
                new EventChain(
                    chain.id(),
                    pending.stream().map(CompletableFuture::join).toList(),
                    chain.identities(),
                    chain.resources()));
  }

  @Override
  public Optional<AnchorProof> of(String eventHash) {
    return Optional.ofNullable(proofs.get(eventHash));
  }
}
