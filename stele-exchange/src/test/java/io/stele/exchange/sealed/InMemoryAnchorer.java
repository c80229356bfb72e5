package io.stele.exchange.sealed;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.Hashes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A ledger stand-in: every hash lands in its own block, at once; it remembers what it anchored. */
final class InMemoryAnchorer implements Anchorer, BatchAnchorVerifier {
  private final Map<Bytes, AnchorProof> anchored = new HashMap<>();

  @Override
  public CompletableFuture<AnchorProof> anchor(Bytes hash) {
    AnchorProof proof =
        new AnchorProof(
            hash,
            anchored.size() + 1L,
            0,
            Bytes.wrap(Hashes.sha256(hash.toArray())),
            "{\"targetHash\":\"" + hash.toHex() + "\"}");
    anchored.put(hash, proof);
    return CompletableFuture.completedFuture(proof);
  }

  /** The proof given when {@code hash} was anchored. */
  AnchorProof proof(Bytes hash) {
    return anchored.get(hash);
  }

  @Override
  public boolean verify(Bytes batchHash, AnchorProof proof) {
    return proof.equals(anchored.get(batchHash));
  }
}
