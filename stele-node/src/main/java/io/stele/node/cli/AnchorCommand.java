package io.stele.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.error.SteleException;
import io.stele.node.client.NodeClient;
import io.stele.node.receipt.ReceiptFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "anchor",
    mixinStandardHelpOptions = true,
    description = {
      "Anchor hashes on the ledger.",
      "With --wait, print the receipt JSON of each hash once its block is final",
      "(one hash: the receipt; several: a JSON list of receipts, in argument order)."
    })
final class AnchorCommand implements Runnable {
  private static final long POLL_MILLIS = 200;

  @Parameters(arity = "1..*", paramLabel = "HASH", description = "Hashes of 1 to 64 bytes.")
  List<String> hashes;

  @Option(
      names = "--encoding",
      defaultValue = "hex",
      description = "How HASH is written: hex (as sha256sum prints) or base58. Default: hex.")
  String encoding;

  @Option(names = "--wait", description = "Wait until every hash has a final receipt.")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "Give up waiting after this long (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Mixin NodeOption node;
  @Mixin OutputOptions output;

  @Override
  public void run() {
    NodeClient client = node.client();
    ObjectNode queued = client.anchor(hashes, encoding);
    if (!await) {
      output.print(queued);
      return;
    }
    List<ObjectNode> receipts = waitForReceipts(client, Terminal.system());
    JsonNode result;
    if (receipts.size() == 1) {
      result = receipts.get(0);
    } else {
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      receipts.forEach(list::add);
      result = list;
    }
    // Receipt files are verified byte for byte, so they are always written in canonical form.
    output.out().print(ReceiptFile.canonical(result) + "\n");
    output.out().flush();
  }

  private List<ObjectNode> waitForReceipts(NodeClient client, Terminal terminal) {
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    List<ObjectNode> receipts = new ArrayList<>();
    for (String hash : hashes) {
      Optional<ObjectNode> receipt = client.receipt(hash, encoding);
      while (receipt.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new SteleException(
              "anchor.timeout",
              "no final receipt for " + hash + " within " + timeoutSeconds + " seconds");
        }
        terminal.progress("waiting for final receipts", receipts.size(), hashes.size());
        sleep();
        receipt = client.receipt(hash, encoding);
      }
      receipts.add(receipt.get());
    }
    terminal.clear();
    return receipts;
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SteleException("cli.interrupted", "interrupted while waiting for receipts");
    }
  }
}
