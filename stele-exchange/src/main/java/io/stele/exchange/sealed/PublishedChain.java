package io.stele.exchange.sealed;

import io.stele.core.anchor.AnchorProof;
import java.util.Optional;

/**
 * A venue's published batch chain as a key holder in another process reads it; on a node, over the
 * venue's API. Nothing read here is trusted: the holder checks every batch itself.
 */
public interface PublishedChain {
  /** Batch {@code sequence} as published, once it is. */
  Optional<PublishedBatch> batch(long sequence);

  /** The anchor proof filed for batch {@code sequence}, once its anchoring block is final. */
  Optional<AnchorProof> anchor(long sequence);

  /** Whether the venue reports batch {@code sequence} executed (its orders in its journal). */
  boolean executed(long sequence);
}
