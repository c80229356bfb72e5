package io.stele.node.cli;

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
    output.print(node.client().block(block));
  }
}
