package io.stele.node.cli;

import io.stele.ledger.node.WitnessNode;
import io.stele.ledger.sync.BlockSync;
import io.stele.ledger.sync.NetworkedNode;
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
      "\"passphraseFile\" (optional), \"api\": {\"host\", \"port\"},",
      "\"p2p\" (optional): {\"host\", \"port\", \"peers\": [\"[publicKey@]host:port\", ...]}}.",
      "A key that is no witness of the genesis runs a follower, which needs p2p peers."
    })
final class NodeCommand implements Callable<Integer> {
  /** How often the sync progress line is redrawn. */
  private static final long PROGRESS_MILLIS = 250;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "Node config file.")
  Path config;

  @Option(
      names = "--new-chain",
      description = {
        "This witness has signed nothing on this chain yet (the chain is being created):",
        "record that, so it takes part from height 1. Never for a witness that ran before:",
        "a witness whose signing record is lost waits until it is safe to sign again."
      })
  boolean newChain;

  @Override
  public Integer call() throws InterruptedException {
    NodeConfig settings = NodeConfig.read(config);
    if (newChain) {
      // Only an empty record is written: a witness that still has one keeps it.
      WitnessNode.prepareSigner(NodeLauncher.signerDir(settings));
    }
    RunningNode node = NodeLauncher.launch(settings).closeOnShutdown();
    System.err.println(
        "stele node: "
            + node.ledger().status().path("role").asText()
            + ", API on "
            + node.apiUrl()
            + settings.p2p().map(p -> ", peers on " + p.host() + ":" + p.port()).orElse("")
            + ", data in "
            + settings.dataDir()
            + "; Ctrl-C stops it");
    if (node.ledger() instanceof NetworkedNode networked && networked.progress().isPresent()) {
      Thread progress =
          new Thread(() -> showProgress(networked, Terminal.system()), "stele-sync-progress");
      progress.setDaemon(true);
      progress.start();
    }
    node.awaitClose();
    return ExitCode.OK;
  }

  /** Draws {@code synced/target} while the node is behind its best peer (at a terminal only). */
  private static void showProgress(NetworkedNode node, Terminal terminal) {
    boolean behind = false;
    try {
      while (true) {
        BlockSync.Progress p = node.progress().orElseThrow();
        if (p.lag() > 0) {
          behind = true;
          terminal.progress("stele node: synced", p.synced(), p.target());
        } else if (behind) {
          behind = false;
          terminal.progress("stele node: synced", p.target(), p.target());
        }
        Thread.sleep(PROGRESS_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
