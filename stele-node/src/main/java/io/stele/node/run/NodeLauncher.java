package io.stele.node.run;

import io.stele.core.clock.Clock;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.SecureRng;
import io.stele.ledger.anchor.LocalAnchorer;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.AnchoringNode;
import io.stele.ledger.node.FollowerNode;
import io.stele.ledger.node.LedgerNode;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.node.WitnessNode;
import io.stele.ledger.sync.BlockSync;
import io.stele.ledger.sync.NetworkedNode;
import io.stele.net.TransportLimits;
import io.stele.net.tcp.NettyTransport;
import io.stele.net.tcp.TcpConfig;
import io.stele.node.config.NodeConfig;
import io.stele.node.config.P2pConfig;
import io.stele.node.config.Passphrases;
import io.stele.node.custody.NodeCustody;
import io.stele.node.exchange.LedgerBatchAnchors;
import io.stele.node.exchange.NodeExchange;
import io.stele.node.workflow.HttpEventDelivery;
import io.stele.node.workflow.NodeWorkflows;
import io.stele.workflow.anchor.EventAnchoring;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Starts the node a {@link NodeConfig} describes: genesis, key, chain, peers, Live Contracts, the
 * exchange (when configured), API.
 */
public final class NodeLauncher {
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

  /** How often due deliveries to other parties' nodes are tried; retries back off on their own. */
  private static final Duration DELIVERY_ROUND = Duration.ofMillis(500);

  private NodeLauncher() {}

  /**
   * Starts the node: a witness when the config's key is one of the genesis witnesses (producing
   * blocks, with Live Contracts), otherwise a follower that syncs from the peers of its {@code p2p}
   * section. With a {@code p2p} section a witness also serves its chain to peers and takes in the
   * transactions they relay.
   */
  public static RunningNode launch(NodeConfig config) {
    Genesis genesis = Genesis.read(config.genesis());
    KeyPair key = readKey(config);
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new SteleException("cli.io", "cannot create " + config.dataDir() + ": " + e, e);
    }
    Clock clock = new SystemClock();
    return genesis.witnesses().contains(key.publicKey())
        ? launchWitness(config, genesis, key, clock)
        : launchFollower(config, genesis, key, clock);
  }

  private static RunningNode launchWitness(
      NodeConfig config, Genesis genesis, KeyPair key, Clock clock) {
    if (genesis.witnesses().size() == 1) {
      SoloNode ledger = SoloNode.open(config.dataDir(), genesis, key, clock);
      LedgerNode served = ledger;
      if (config.p2p().isPresent()) {
        NettyTransport transport;
        try {
          transport = startTransport(config.p2p().get(), key, genesis.chainId(), clock);
        } catch (RuntimeException e) {
          ledger.close();
          throw e;
        }
        served = NetworkedNode.witness(ledger, transport, details(transport));
      }
      ledger.start();
      return serveWitness(config, genesis, key, clock, ledger, served);
    }
    P2pConfig p2p =
        config
            .p2p()
            .orElseThrow(
                () ->
                    new SteleException(
                        "config.invalid",
                        "the genesis names "
                            + genesis.witnesses().size()
                            + " witnesses; a witness of such a chain needs a p2p section with"
                            + " its peers"));
    WitnessNode ledger =
        WitnessNode.open(
            config.dataDir(), signerDir(config), genesis, key, clock, p2p.maxMessageBytes());
    NettyTransport transport;
    try {
      transport = startTransport(p2p, key, genesis.chainId(), clock);
    } catch (RuntimeException e) {
      ledger.close();
      throw e;
    }
    NetworkedNode served =
        NetworkedNode.witness(
            ledger,
            transport,
            BlockSync.Settings.DEFAULT,
            details(transport),
            NetworkedNode.RelayedAdmission.ON_OWN_THREAD);
    return serveWitness(config, genesis, key, clock, ledger, served);
  }

  /** Live Contracts and the exchange on a witness, anchoring on its own ledger; then the API. */
  private static RunningNode serveWitness(
      NodeConfig config,
      Genesis genesis,
      KeyPair key,
      Clock clock,
      AnchoringNode ledger,
      LedgerNode served) {
    // The node's key signs the workflow events it records; they are anchored on this very ledger.
    NodeWorkflows workflows;
    try {
      workflows =
          NodeWorkflows.open(
              beside(config, "-workflow"),
              "http://" + config.apiHost() + ":" + config.apiPort(),
              key,
              clock,
              new SecureRng(),
              new EventAnchoring(new LocalAnchorer(ledger)),
              new HttpEventDelivery(DELIVERY_TIMEOUT),
              DELIVERY_ROUND);
    } catch (RuntimeException e) {
      served.close();
      throw e;
    }
    NodeCustody custody;
    Optional<NodeExchange> exchange;
    try {
      if (config.custody().venue().isPresent() && config.exchange().isEmpty()) {
        throw new SteleException(
            "config.invalid", "the custody section is for a node that runs an exchange");
      }
      custody =
          NodeCustody.start(
              config.custody(),
              genesis.chainId(),
              key,
              LedgerBatchAnchors.of(genesis),
              beside(config, "-keyservice"),
              beside(config, "-keyholder"));
    } catch (RuntimeException e) {
      workflows.close();
      served.close();
      throw e;
    }
    try {
      exchange =
          config
              .exchange()
              .map(
                  settings ->
                      NodeExchange.open(
                          beside(config, "-exchange"),
                          settings,
                          ledger,
                          genesis,
                          clock,
                          custody.venueCustody()));
    } catch (RuntimeException e) {
      custody.close();
      workflows.close();
      served.close();
      throw e;
    }
    return RunningNode.serve(
        served, genesis, workflows, exchange, custody, config.apiHost(), config.apiPort());
  }

  /** Where a witness of a multi-witness chain keeps what it signed: beside its chain. */
  public static Path signerDir(NodeConfig config) {
    return beside(config, "-signer");
  }

  /** A directory beside the ledger's RocksDB directory, not inside it. */
  private static Path beside(NodeConfig config, String suffix) {
    return config.dataDir().resolveSibling(config.dataDir().getFileName() + suffix);
  }

  private static RunningNode launchFollower(
      NodeConfig config, Genesis genesis, KeyPair key, Clock clock) {
    P2pConfig p2p =
        config
            .p2p()
            .orElseThrow(
                () ->
                    new SteleException(
                        "config.invalid",
                        "key "
                            + key.publicKey()
                            + " is no witness of this genesis, so the node follows the chain;"
                            + " a follower needs a p2p section with peers"));
    FollowerNode ledger = FollowerNode.open(config.dataDir(), genesis, clock);
    NettyTransport transport;
    try {
      transport = startTransport(p2p, key, genesis.chainId(), clock);
    } catch (RuntimeException e) {
      ledger.close();
      throw e;
    }
    NetworkedNode served =
        NetworkedNode.follower(ledger, transport, BlockSync.Settings.DEFAULT, details(transport));
    return RunningNode.serve(served, genesis, config.apiHost(), config.apiPort());
  }

  /** Listens for peers and dials the configured ones, each pinned to its key when given. */
  private static NettyTransport startTransport(
      P2pConfig p2p, KeyPair key, byte chainId, Clock clock) {
    int maxMessage = p2p.maxMessageBytes();
    TcpConfig tcp =
        TcpConfig.of(chainId, new InetSocketAddress(p2p.host(), p2p.port()))
            .withMaxConnections(p2p.maxConnections())
            .withLimits(
                new TransportLimits(
                    maxMessage,
                    TransportLimits.DEFAULT.maxQueuedPerPeer(),
                    Math.max(TransportLimits.DEFAULT.maxQueuedBytesPerPeer(), 4L * maxMessage),
                    TransportLimits.DEFAULT.seenMessages()));
    NettyTransport transport = NettyTransport.start(tcp, key, new SecureRng(), clock);
    for (P2pConfig.Peer peer : p2p.peers()) {
      transport.connect(new InetSocketAddress(peer.host(), peer.port()), peer.key().orElse(null));
    }
    return transport;
  }

  private static NetworkedNode.PeerDetails details(NettyTransport transport) {
    return new NetworkedNode.PeerDetails() {
      @Override
      public String address(PublicKey peer) {
        return transport
            .peerAddress(peer)
            .map(a -> a.getHostString() + ":" + a.getPort())
            .orElse("");
      }

      @Override
      public int score(PublicKey peer) {
        return transport.peerScore(peer);
      }
    };
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
