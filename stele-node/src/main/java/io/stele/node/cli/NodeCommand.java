package io.stele.node.cli;

import io.stele.node.config.NodeConfig;
import io.stele.node.run.NodeLauncher;
import io.stele.node.run.RunningNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Run a node from a config file until Ctrl-C or SIGTERM, then shut down cleanly.",
      "Config (JSON; paths relative to the file): {\"dataDir\", \"genesis\", \"keyFile\",",
      "\"passphraseFile\" (optional), \"api\": {\"host\", \"port\"}}."
    })
final class NodeCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "Node config file.")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    NodeConfig settings = NodeConfig.read(config);
    RunningNode node = NodeLauncher.launch(settings).closeOnShutdown();
    System.err.println(
        "stele node: API on "
            + node.apiUrl()
            + ", data in "
            + settings.dataDir()
            + "; Ctrl-C stops it");
    node.awaitClose();
    return ExitCode.OK;
  }
}
