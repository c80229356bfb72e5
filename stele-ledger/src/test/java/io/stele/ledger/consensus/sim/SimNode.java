package io.stele.ledger.consensus.sim;

import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.ledger.consensus.round.ConsensusEngine;
import io.stele.ledger.consensus.round.ConsensusMessages;
import io.stele.ledger.consensus.round.ConsensusOutput;
import io.stele.ledger.consensus.round.SignerStore;
import io.stele.ledger.consensus.round.SigningGuard;
import io.stele.net.Message;
import io.stele.net.Transport;
import io.stele.net.Verdict;
import java.util.Optional;
import java.util.function.Function;

/**
 * One simulated node: its transport, ledger, signing store and engine. A crash keeps the ledger and
 * the signing store (its "disk") unless the restart wipes them.
 */
final class SimNode {
  final KeyPair key;
  final boolean witness;
  TestLedger ledger;
  SignerStore.InMemory signer;
  Transport transport;
  ConsensusEngine engine;
  boolean alive;

  /** Wraps the node's output when it is a Byzantine test double; null for an honest node. */
  Function<ConsensusOutput, ConsensusOutput> wrapper;

  SimNode(KeyPair key, boolean witness, TestLedger ledger) {
    this.key = key;
    this.witness = witness;
    this.ledger = ledger;
    this.signer = SignerStore.InMemory.fresh();
  }

  PublicKey publicKey() {
    return key.publicKey();
  }

  /**
   * Starts an engine on {@code transport}; {@code output} decides what leaves the node (honest
   * nodes pass everything through).
   */
  void start(Simulation sim, Transport t, ConsensusOutput output) {
    transport = t;
    Optional<SigningGuard> guard =
        witness ? Optional.of(new SigningGuard(key, signer)) : Optional.empty();
    engine = new ConsensusEngine(sim.config(), ledger, output, t.scheduler(), guard);
    t.setHandler(
        new Transport.Handler() {
          @Override
          public Verdict onMessage(PublicKey from, Message message, boolean gossip) {
            return ConsensusMessages.isConsensus(message)
                ? engine.onMessage(from, message)
                : Verdict.REJECT;
          }

          @Override
          public void onPeerConnected(PublicKey peer) {
            engine.onPeerConnected(peer);
          }
        });
    alive = true;
    engine.start();
  }

  long finalHeight() {
    return ledger.head().height();
  }
}
