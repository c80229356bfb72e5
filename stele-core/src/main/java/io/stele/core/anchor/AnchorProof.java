package io.stele.core.anchor;

import io.stele.core.bytes.Bytes;

/**
 * Where an anchored hash became final: the block height, its position among all hashes anchored in
 * that block (the order LTO's conflict rule compares), the anchor transaction, and the receipt as
 * JSON text (a Chainpoint v2-style document that verifies offline).
 */
public record AnchorProof(
    Bytes hash, long blockHeight, int position, Bytes transactionId, String receiptJson) {

  /** Earlier anchors sort first: by block height, then position within the block. */
  public int compareAnchoring(AnchorProof other) {
    int byHeight = Long.compare(blockHeight, other.blockHeight);
    return byHeight != 0 ? byHeight : Integer.compare(position, other.position);
  }
}
