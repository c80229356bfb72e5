package io.stele.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.crypto.PublicKey;
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
      "the ledger. With --key-service (or a key service named in exchange.json), every",
      "epoch must carry that key service's signature over its announcement. Exit 0 when",
      "it all checks out; otherwise exit 1 naming what is wrong."
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

  @Option(
      names = "--key-service",
      paramLabel = "PUBLIC_KEY",
      description =
          "The key service's Ed25519 public key (base58), learnt from the key service, not from"
              + " the operator: every epoch must carry its signature. Without it, the key"
              + " exchange.json names is used, which only the operator vouches for.")
  String keyService;

  @Mixin OutputOptions output;

  @Override
  public void run() {
    BatchAnchorVerifier anchors = genesis == null ? null : onLedger(Genesis.read(genesis));
    PublicKey trusted = null;
    if (keyService != null) {
      try {
        trusted = PublicKey.fromBase58(keyService);
      } catch (SteleException e) {
        throw new SteleException("cli.bad_option", "--key-service: " + e.getMessage());
      }
    }
    ExchangeAudit.Report report = new ExchangeAudit(anchors).audit(batches, keys, trusted);
    ObjectNode result =
        output
            .object()
            .put("valid", true)
            .put("batches", report.batches().batches())
            .put("opened", report.batches().opened().size())
            .put("sealed", report.batches().sealedBatches())
            .put("trades", report.trades())
            .put("headHash", report.batches().headHash().toBase58())
            .put("stateHash", report.stateHash().toBase58())
            .put("anchorsChecked", anchors != null)
            .put("custody", report.custody().label())
            .put("epochsChecked", report.keyService() != null)
            .put("keyServiceFrom", keySource(report.keySource()));
    if (report.keyService() != null) {
      result.put("keyService", report.keyService().bytes().toBase58());
    }
    output.print(result);
  }

  /** Where the key the epochs were checked against came from, in the user's words. */
  private static String keySource(ExchangeAudit.KeySource source) {
    return switch (source) {
      case AUDITOR -> "--key-service";
      case MANIFEST -> "exchange.json (the operator's word)";
      case NONE -> "none";
    };
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
