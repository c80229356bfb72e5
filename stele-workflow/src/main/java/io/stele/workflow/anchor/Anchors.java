package io.stele.workflow.anchor;

import io.stele.core.anchor.AnchorProof;
import java.util.Optional;

/** Where event hashes were anchored, as far as a node knows (final anchors only). */
@FunctionalInterface
public interface Anchors {
  /** The final anchor of the event with this base58 hash, if it is known. */
  Optional<AnchorProof> of(String eventHash);
}
