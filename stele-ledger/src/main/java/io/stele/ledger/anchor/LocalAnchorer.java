package io.stele.ledger.anchor;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.anchor.AnchorProof;
import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.ledger.node.AnchoringNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Anchorer} on a ledger node in the same process: queues the hash with the node's anchoring
 * service and completes with the receipt once the block is final. A hash anchored before completes
 * at once with its first anchoring, the one that counts. A refused hash (bad length, full queue)
 * gives a future failed with the refusal; one whose anchor transaction the node cannot pay for
 * fails with {@code tx.funds}.
 */
public final class LocalAnchorer implements Anchorer {
  private final AnchoringNode node;

  public LocalAnchorer(AnchoringNode node) {
    this.node = node;
  }

  @Override
  public CompletableFuture<AnchorProof> anchor(Bytes hash) {
    CompletableFuture<AnchorProof> proof = node.awaitReceipt(hash).thenApply(r -> proof(hash, r));
    if (!proof.isDone()) {
      try {
        node.anchor(List.of(hash));
      } catch (SteleException refused) {
        return CompletableFuture.failedFuture(refused); // e.g. anchor.queue_full: retry later
      }
    }
    return proof;
  }

  private static AnchorProof proof(Bytes hash, JsonNode receipt) {
    JsonNode anchor = receipt.get("anchors").get(0);
    return new AnchorProof(
        hash,
        anchor.get("height").asLong(),
        anchor.get("position").asInt(),
        Bytes.fromBase58(anchor.get("transaction").asText(), 32),
        receipt.toString());
  }
}
