package io.stele.node.run;

import io.stele.core.clock.Clock;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.SecureRng;
import io.stele.ledger.anchor.LocalAnchorer;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.SoloNode;
import io.stele.node.config.NodeConfig;
import io.stele.node.config.Passphrases;
import io.stele.node.exchange.NodeExchange;
import io.stele.node.workflow.HttpEventDelivery;
import io.stele.node.workflow.NodeWorkflows;
import io.stele.workflow.anchor.EventAnchoring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Starts the node a {@link NodeConfig} describes: genesis, witness key, chain, Live Contracts, the
 * exchange (when configured), API.
 */
public final class NodeLauncher {
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

  /** How often due deliveries to other parties' nodes are tried; retries back off on their own. */
  private static final Duration DELIVERY_ROUND = Duration.ofMillis(500);

  private NodeLauncher() {}

  public static RunningNode launch(NodeConfig config) {
    Genesis genesis = Genesis.read(config.genesis());
    KeyPair key = readKey(config);
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot create " + config.dataDir() + ": " + e, e);
    }
    Clock clock = new SystemClock();
    SoloNode ledger = SoloNode.open(config.dataDir(), genesis, key, clock);
    ledger.start();
    // The node's key signs the workflow events it records; they are anchored on this very ledger.
    NodeWorkflows workflows;
    try {
      workflows =
          NodeWorkflows.open(
              // beside the ledger's RocksDB directory, not inside it
              config.dataDir().resolveSibling(config.dataDir().getFileName() + "-workflow"),
              "http://" + config.apiHost() + ":" + config.apiPort(),
              key,
              clock,
              new SecureRng(),
              new EventAnchoring(new LocalAnchorer(ledger)),
              new HttpEventDelivery(DELIVERY_TIMEOUT),
              DELIVERY_ROUND);
    } catch (RuntimeException e) {
      ledger.close();
      throw e;
    }
    Optional<NodeExchange> exchange;
    try {
      exchange =
          config
              .exchange()
              .map(
                  settings ->
                      NodeExchange.open(
                          beside(config, "-exchange"), settings, ledger, genesis, clock));
    } catch (RuntimeException e) {
      workflows.close();
      ledger.close();
      throw e;
    }
    return RunningNode.serve(
        ledger, genesis, workflows, exchange, config.apiHost(), config.apiPort());
  }

  /** A directory beside the ledger's RocksDB directory, not inside it. */
  private static Path beside(NodeConfig config, String suffix) {
    return config.dataDir().resolveSibling(config.dataDir().getFileName() + suffix);
  }

  private static KeyPair readKey(NodeConfig config) {
    char[] passphrase =
        Passphrases.resolve(config.passphraseFile(), "key file " + config.keyFile());
    try {
      return KeyFile.read(config.keyFile(), passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }
}
