package io.stele.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.core.error.SteleException;
import io.stele.exchange.sealed.BatchAnchorVerifier;
import io.stele.exchange.sealed.ExchangeAudit;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.receipt.ReceiptVerifier;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "exchange",
    mixinStandardHelpOptions = true,
    description = {
      "Audit a sealed exchange from its published files alone (docs/sealed-batches.md):",
      "the batch chain, every envelope, the released keys, then re-decrypt and re-execute",
      "every batch from the published starting state and compare each order's result,",
      "every trade and the state hash. With --genesis, every batch anchor is checked on",
      "the ledger. Exit 0 when it all checks out; otherwise exit 1 naming what is wrong."
    })
final class VerifyExchange implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--batches",
      required = true,
      paramLabel = "DIR",
      description = "The published batches, outcomes and exchange.json.")
  Path batches;

  @Option(
      names = "--keys",
      required = true,
      paramLabel = "DIR",
      description = "The released epoch shares (epoch-E-shares.json).")
  Path keys;

  @Option(
      names = "--genesis",
      paramLabel = "FILE",
      description = "The ledger's genesis file: check every batch's anchor receipt against it.")
  Path genesis;

  @Mixin OutputOptions output;

  @Override
  public void run() {
    BatchAnchorVerifier anchors = genesis == null ? null : onLedger(Genesis.read(genesis));
    ExchangeAudit.Report report = new ExchangeAudit(anchors).audit(batches, keys);
    output.print(
        output
            .object()
            .put("valid", true)
            .put("batches", report.batches().batches())
            .put("opened", report.batches().opened().size())
            .put("sealed", report.batches().sealedBatches())
            .put("trades", report.trades())
            .put("headHash", report.batches().headHash().toBase58())
            .put("stateHash", report.stateHash().toBase58())
            .put("anchorsChecked", anchors != null));
  }

  /** A batch anchor holds when its receipt verifies against the genesis and names the batch. */
  private static BatchAnchorVerifier onLedger(Genesis genesis) {
    ReceiptVerifier verifier = new ReceiptVerifier(genesis);
    return (batchHash, proof) -> {
      ReceiptVerifier.Verified verified;
      try {
        verified = verifier.check(JSON.readTree(proof.receiptJson()));
      } catch (JsonProcessingException e) {
        throw new SteleException(
            "audit.anchor_invalid", "an anchor receipt is not JSON: " + e.getOriginalMessage());
      }
      return verified.targetHash().equals(batchHash)
          && verified.height() == proof.blockHeight()
          && verified.transactionId().equals(proof.transactionId());
    };
  }
}
