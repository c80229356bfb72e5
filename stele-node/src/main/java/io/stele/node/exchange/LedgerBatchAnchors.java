package io.stele.node.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.exchange.sealed.BatchAnchorVerifier;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.receipt.ReceiptVerifier;

/**
 * Key holders' check of a batch anchor: the receipt verifies against the genesis (final block,
 * witness signatures) and names the batch hash, the block height and the transaction given.
 */
public final class LedgerBatchAnchors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LedgerBatchAnchors() {}

  public static BatchAnchorVerifier of(Genesis genesis) {
    ReceiptVerifier verifier = new ReceiptVerifier(genesis);
    return (batchHash, proof) -> {
      ReceiptVerifier.Verified verified;
      try {
        verified = verifier.check(JSON.readTree(proof.receiptJson()));
      } catch (JsonProcessingException e) {
        return false;
      }
      return verified.targetHash().equals(batchHash)
          && verified.height() == proof.blockHeight()
          && verified.transactionId().equals(proof.transactionId());
    };
  }
}
