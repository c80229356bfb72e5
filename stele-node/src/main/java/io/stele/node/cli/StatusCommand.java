package io.stele.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a node's chain id, head and final height and hash, mempool size and role.")
final class StatusCommand implements Runnable {
  @Mixin NodeOption node;
  @Mixin OutputOptions output;

  @Override
  public void run() {
    output.print(node.client().status());
  }
}
