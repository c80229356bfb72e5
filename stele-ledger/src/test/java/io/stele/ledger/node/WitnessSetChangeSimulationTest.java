package io.stele.ledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.ledger.block.BlockHeader;
import io.stele.ledger.consensus.ConsensusParameters;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.receipt.ReceiptVerifier;
import io.stele.ledger.sync.BlockSync;
import io.stele.ledger.sync.NetworkedNode;
import io.stele.ledger.sync.NetworkedNode.PeerDetails;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.net.PeerScores;
import io.stele.net.TransportLimits;
import io.stele.net.sim.LinkConditions;
import io.stele.net.sim.SimulatedNetwork;
import io.stele.net.sim.SimulationSeed;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four {@link WitnessNode}s on the simulated network elect a fifth witness (a candidate that runs
 * no node: the four still make the threshold of five). A hash anchored before the change has a
 * receipt without set changes; one anchored after it carries the snapshot block that elected the
 * five, and both verify offline from the genesis alone. A failure names its seed.
 */
class WitnessSetChangeSimulationTest {
  private static final long START = 1_700_000_000_000L;
  private static final BlockSync.Settings SMALL = new BlockSync.Settings(8, 4, 2, 64, 2_000, 500);

  /** Five seats, T = 6, I = 2: snapshot 6 elects the set producing heights 9..14. */
  private static final ConsensusParameters RULES =
      new ConsensusParameters(5, 6, 2, 200, 1_000, 1_000);

  @TempDir Path dir;

  private final long seed = SimulationSeed.choose();
  private final ManualClock clock = new ManualClock(START + 1_000);
  private final SimulatedNetwork net =
      new SimulatedNetwork(
          clock,
          new SeededRng(seed),
          new LinkConditions(2, 30, 0, 0, true),
          TransportLimits.DEFAULT,
          PeerScores.Policy.DEFAULT);
  private final Genesis.Devnet devnet = Genesis.devnet((byte) 'T', 4, START, new SeededRng(7));
  private final KeyPair candidate = KeyPair.generate(new SeededRng(8));
  private final Genesis genesis;
  private final NetworkedNode[] nodes = new NetworkedNode[4];

  WitnessSetChangeSimulationTest() {
    Genesis funded =
        devnet
            .genesis()
            .withBalances(
                Map.of(Address.of(candidate.publicKey(), (byte) 'T'), 1_000_000_000_000L));
    genesis = funded.withParameters(funded.parameters().withConsensus(RULES));
  }

  @AfterEach
  void close() {
    for (NetworkedNode n : nodes) {
      if (n != null) {
        n.close();
      }
    }
  }

  private WitnessNode witness(int i) {
    return (WitnessNode) nodes[i].node();
  }

  private void runUntil(BooleanSupplier done, long maxMillis) {
    long end = clock.millis() + maxMillis;
    while (!done.getAsBoolean() && clock.millis() < end) {
      net.runUntil(clock.millis() + 200);
    }
  }

  @Test
  void aReceiptAfterTheElectionCarriesItsSnapshotAndVerifiesFromTheGenesis() throws Exception {
    for (int i = 0; i < 4; i++) {
      KeyPair key = devnet.witnessKeys().get(i);
      Path signer = dir.resolve("w" + i).resolve("signer");
      WitnessNode.prepareSigner(signer);
      WitnessNode node =
          WitnessNode.open(
              dir.resolve("w" + i).resolve("chain"), signer, genesis, key, clock, 16 << 20);
      nodes[i] = NetworkedNode.witness(node, net.join(key.publicKey()), SMALL, PeerDetails.NONE);
    }
    nodes[0].submit(
        new TransactionBuilder(genesis.chainId(), genesis.parameters(), candidate)
            .registerCandidate(genesis.parameters().candidateDeposit(), 0, clock.millis())
            .encoded()
            .toArray());
    Bytes before = Bytes.wrap(Hashes.sha256(new byte[] {1}));
    CompletableFuture<ObjectNode> early = witness(1).awaitReceipt(before);
    witness(1).anchor(List.of(before));
    runUntil(() -> witness(0).finalHeight() >= 9, 30_000);
    assertThat(witness(0).finalHeight()).as(SimulationSeed.replayHint(seed)).isGreaterThan(8);
    assertThat(witness(0).chain().witnessSet(9).witnesses())
        .hasSize(5)
        .contains(candidate.publicKey());

    Bytes after = Bytes.wrap(Hashes.sha256(new byte[] {2}));
    CompletableFuture<ObjectNode> late = witness(2).awaitReceipt(after);
    witness(2).anchor(List.of(after));
    runUntil(late::isDone, 60_000);
    assertThat(early).as(SimulationSeed.replayHint(seed)).isDone();
    assertThat(late).as(SimulationSeed.replayHint(seed)).isDone();

    ReceiptVerifier verifier = new ReceiptVerifier(genesis);
    ObjectNode earlyReceipt = early.get();
    assertThat(verifier.check(earlyReceipt).height()).isLessThan(9);
    assertThat(earlyReceipt.has("witnessSetChanges")).isFalse();

    ObjectNode lateReceipt = late.get();
    assertThat(verifier.check(lateReceipt).height()).isGreaterThan(8);
    assertThat(lateReceipt.get("witnessSetChanges")).hasSize(1);
    String header = lateReceipt.get("witnessSetChanges").get(0).get("header").asText();
    assertThat(BlockHeader.decode(Base64.getDecoder().decode(header)).height()).isEqualTo(6);
    // Every node serves it (with its own certificates); each verifies from the genesis alone.
    for (int i = 0; i < 4; i++) {
      int node = i;
      runUntil(() -> witness(node).receipt(after).isPresent(), 10_000);
      ObjectNode served = witness(i).receipt(after).orElseThrow();
      assertThat(served.get("witnessSetChanges")).hasSize(1);
      assertThat(new ReceiptVerifier(genesis).check(served).targetHash()).isEqualTo(after);
    }
  }
}
