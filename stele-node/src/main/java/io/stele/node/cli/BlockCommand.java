package io.stele.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "block",
    mixinStandardHelpOptions = true,
    description = "Show a block by height or by hash (base58).")
final class BlockCommand implements Runnable {
  @Parameters(paramLabel = "HEIGHT|HASH", description = "Block height (digits) or hash (base58).")
  String block;

  @Mixin NodeOption node;
  @Mixin OutputOptions output;

  @Override
  public void run() {
    ObjectNode view = node.client().block(block);
    // Scripts read the parent as "parent"; the ledger's view calls it parentHash.
    output.print(view.put("parent", view.path("parentHash").asText()));
  }
}
