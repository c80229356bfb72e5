package io.stele.exchange.sealed;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.bytes.Bytes;

/**
 * Checks that a batch hash was anchored on the ledger. The node binds this to the ledger's receipt
 * verifier (receipt against a block header with a valid finality certificate); the audit only asks.
 */
public interface BatchAnchorVerifier {
  /** True when {@code proof} shows {@code batchHash} anchored in a final block. */
  boolean verify(Bytes batchHash, AnchorProof proof);
}
