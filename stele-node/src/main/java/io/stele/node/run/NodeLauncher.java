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
import io.stele.workflow.WorkflowService;
import io.stele.workflow.anchor.EventAnchoring;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * Starts the node a {@link NodeConfig} describes: genesis, witness key, chain, Live Contracts, API.
 */
public final class NodeLauncher {
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
    WorkflowService workflows =
        new WorkflowService(
            key, clock, new SecureRng(), new EventAnchoring(new LocalAnchorer(ledger)));
    return RunningNode.serve(ledger, genesis, workflows, config.apiHost(), config.apiPort());
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
