package io.stele.node.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.stele.core.error.SteleException;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.receipt.ReceiptVerifier;
import io.stele.node.receipt.ReceiptFile;
import io.stele.node.workflow.LedgerReceiptCheck;
import io.stele.workflow.anchor.ReceiptCheck;
import io.stele.workflow.chain.ChainProblem;
import io.stele.workflow.chain.EventChain;
import io.stele.workflow.chain.EventChainVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check Stele evidence offline, trusting no node.",
    subcommands = {VerifyCommand.Receipt.class, VerifyCommand.Chain.class, VerifyExchange.class})
final class VerifyCommand {

  @Command(
      name = "receipt",
      mixinStandardHelpOptions = true,
      description = {
        "Verify a receipt file (as stele anchor --wait writes it) against a genesis file:",
        "the witness-set changes it carries from the genesis witnesses to its block's, its",
        "finality certificate against the witnesses in force, the header, both anchor proofs",
        "and the transaction proof. Exit 0 when it checks out; otherwise exit 1 and say what",
        "does not."
      })
  static final class Receipt implements Runnable {
    @Parameters(paramLabel = "FILE", description = "One receipt, or a JSON list of receipts.")
    Path file;

    @Option(
        names = "--genesis",
        required = true,
        paramLabel = "FILE",
        description = "The genesis file of the chain, obtained from a source you trust.")
    Path genesis;

    @Mixin OutputOptions output;

    @Override
    public void run() {
      List<ReceiptVerifier.Verified> verified = ReceiptFile.verify(file, Genesis.read(genesis));
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      for (ReceiptVerifier.Verified v : verified) {
        list.addObject()
            .put("valid", true)
            .put("targetHash", v.targetHash().toHex())
            .put("chainId", String.valueOf((char) v.chainId()))
            .put("height", v.height())
            .put("block", v.blockHash().toBase58())
            .put("position", v.position())
            .put("transaction", v.transactionId().toBase58());
      }
      output.print(list.size() == 1 ? list.get(0) : list);
    }
  }

  @Command(
      name = "chain",
      mixinStandardHelpOptions = true,
      description = {
        "Verify an event chain file (LTO event chain v1, as docs/workflow.md describes):",
        "every event's hash, signature and link to the one before, and the chain id; with",
        "--genesis, also every anchoring receipt present, against that chain's genesis.",
        "Exit 0 when it checks out; otherwise exit 1 naming each event and field at fault."
      })
  static final class Chain implements Runnable {
    @Parameters(paramLabel = "FILE", description = "The event chain (JSON).")
    Path file;

    @Option(
        names = "--genesis",
        paramLabel = "FILE",
        description = "The genesis of the ledger the events were anchored on: check receipts.")
    Path genesis;

    @Mixin OutputOptions output;

    @Override
    public void run() {
      EventChain chain = EventChain.read(file);
      ReceiptCheck receipts =
          genesis == null ? null : new LedgerReceiptCheck(Genesis.read(genesis));
      List<ChainProblem> problems = EventChainVerifier.verify(chain, receipts);
      if (!problems.isEmpty()) {
        throw new SteleException(
            problems.get(0).code(),
            problems.stream().map(ChainProblem::toString).collect(Collectors.joining("; ")));
      }
      long withReceipts = chain.events().stream().filter(e -> !e.receipt().isNull()).count();
      output.print(
          output
              .object()
              .put("valid", true)
              .put("file", file.toString())
              .put("events", chain.events().size())
              .put("receiptsChecked", receipts == null ? 0 : withReceipts));
    }
  }
}
