package io.stele.core.anchor;

import io.stele.core.bytes.Bytes;
import java.util.concurrent.CompletableFuture;

/**
 * Anchors hashes on the ledger. Workflow and exchange depend on this interface only; the node binds
 * it to a local ledger or to a remote node's API. The future completes once the block holding the
 * hash is final, with where it landed and the receipt anyone can check offline.
 */
public interface Anchorer {
  /** At most this many bytes in one hash, as in LTO's anchor transaction. */
  int MAX_HASH_LENGTH = 64;

  CompletableFuture<AnchorProof> anchor(Bytes hash);
}
