package io.stele.node.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.error.SteleException;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.receipt.ReceiptVerifier;
import io.stele.workflow.anchor.EventAnchoring;
import io.stele.workflow.anchor.ReceiptCheck;
import io.stele.workflow.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * Judges an event's anchoring receipt with the ledger's own verifier: the receipt must prove, from
 * the genesis alone (witness signatures, Merkle paths), that exactly this event hash was anchored.
 */
public final class LedgerReceiptCheck implements ReceiptCheck {
  private final ReceiptVerifier verifier;

  public LedgerReceiptCheck(Genesis genesis) {
    this.verifier = new ReceiptVerifier(genesis);
  }

  /**
   * @throws SteleException the verifier's code ({@code receipt.*}), {@code workflow.bad_json} for a
   *     receipt that is not JSON, or {@code receipt.target} for a receipt of another hash
   */
  @Override
  public void check(Bytes hash, String receiptJson) {
    JsonNode receipt =
        Json.parse(
            receiptJson.getBytes(StandardCharsets.UTF_8),
            EventAnchoring.MAX_RECEIPT_BYTES,
            "receipt");
    Bytes proven = verifier.check(receipt).targetHash();
    if (!proven.equals(hash)) {
      throw new SteleException(
          "receipt.target",
          "the receipt proves " + proven.toBase58() + ", not the event hash " + hash.toBase58());
    }
  }
}
