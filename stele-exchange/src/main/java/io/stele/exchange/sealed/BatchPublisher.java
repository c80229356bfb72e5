package io.stele.exchange.sealed;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.anchor.Anchorer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes each sealed batch: its file first, then (when an {@link Anchorer} is configured) its
 * hash on the ledger, and the anchor proof next to it once the anchoring block is final. Key
 * holders wait for both before they release a share.
 */
public final class BatchPublisher {
  private final BatchArchive archive;
  private final Anchorer anchorer;

  /** {@code anchorer} may be null when batches are not anchored. */
  public BatchPublisher(BatchArchive archive, Anchorer anchorer) {
    this.archive = archive;
    this.anchorer = anchorer;
  }

  /** Completes with the anchor proof (empty without an anchorer) once it is published too. */
  public CompletableFuture<Optional<AnchorProof>> publish(SealedBatch batch) {
    archive.writeBatch(batch);
    if (anchorer == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return anchorer
        .anchor(batch.hash())
        .thenApply(
            proof -> {
              archive.writeAnchor(batch.sequence(), proof);
              return Optional.of(proof);
            });
  }
}
