package io.stele.ledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.address.Address;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.crypto.PublicKey;
import io.stele.core.random.SeededRng;
import io.stele.ledger.block.Block;
import io.stele.ledger.block.Confirmation;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.sync.BlockSync;
import io.stele.ledger.sync.NetworkedNode;
import io.stele.ledger.sync.NetworkedNode.PeerDetails;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.net.PeerScores;
import io.stele.net.TransportLimits;
import io.stele.net.sim.LinkConditions;
import io.stele.net.sim.SimulatedNetwork;
import io.stele.net.sim.SimulationSeed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four {@link WitnessNode}s with real chain and signing stores on the deterministic simulated
 * network: they agree on every final block, take transfers submitted at any of them, survive a
 * restart with data, and one restarted without data syncs and signs again only once it is safe. A
 * failure names its seed; {@code -Dstele.sim.seed=N} replays it.
 */
class WitnessNodeSimulationTest {
  private static final long START = 1_700_000_000_000L;
  private static final BlockSync.Settings SMALL = new BlockSync.Settings(8, 4, 2, 64, 2_000, 500);

  @TempDir Path dir;

  private final long seed = SimulationSeed.choose();
  private final SeededRng rng = new SeededRng(seed);
  private final ManualClock clock = new ManualClock(START + 1_000);
  private final SimulatedNetwork net =
      new SimulatedNetwork(
          clock,
          rng,
          new LinkConditions(2, 30, 0, 0, true),
          TransportLimits.DEFAULT,
          PeerScores.Policy.DEFAULT);
  private final Genesis.Devnet devnet = Genesis.devnet((byte) 'T', 4, START, new SeededRng(7));
  private final Genesis genesis = devnet.genesis();
  private final NetworkedNode[] nodes = new NetworkedNode[4];
  private final int[] incarnation = new int[4];
  private final long[] nonces = new long[4];
  private final Address recipient =
      Address.of(KeyPair.generate(new SeededRng(9)).publicKey(), genesis.chainId());

  @AfterEach
  void close() {
    for (NetworkedNode n : nodes) {
      if (n != null) {
        n.close();
      }
    }
  }

  private Path data(int i) {
    return dir.resolve("w" + i + "-" + incarnation[i]);
  }

  private void start(int i, boolean fresh) {
    KeyPair key = devnet.witnessKeys().get(i);
    Path signer = data(i).resolve("signer");
    if (fresh) {
      WitnessNode.prepareSigner(signer);
    }
    WitnessNode node =
        WitnessNode.open(data(i).resolve("chain"), signer, genesis, key, clock, 16 << 20);
    var transport = nodes[i] == null ? net.join(key.publicKey()) : net.restart(key.publicKey());
    nodes[i] = NetworkedNode.witness(node, transport, SMALL, PeerDetails.NONE);
  }

  private WitnessNode witness(int i) {
    return (WitnessNode) nodes[i].node();
  }

  private Transaction transfer(int from) {
    return new TransactionBuilder(
            genesis.chainId(), genesis.parameters(), devnet.witnessKeys().get(from))
        .transfer(recipient, 10 + from, nonces[from]++, clock.millis());
  }

  private void run(long millis) {
    net.runUntil(clock.millis() + millis);
  }

  private String hint() {
    return SimulationSeed.replayHint(seed);
  }

  private void assertAgree(List<Integer> which) {
    long height = which.stream().mapToLong(i -> witness(i).finalHeight()).min().orElseThrow();
    for (long h = 1; h <= height; h++) {
      Block expected = witness(which.get(0)).chain().certified(h).orElseThrow().block();
      for (int i : which) {
        Block block = witness(i).chain().certified(h).orElseThrow().block();
        assertThat(block.hash())
            .as("block %d at witness %d; %s", h, i, hint())
            .isEqualTo(expected.hash());
      }
    }
  }

  @Test
  void fourWitnessesFinalizeTheSameBlocksWithTransfersSubmittedAnywhere() {
    for (int i = 0; i < 4; i++) {
      start(i, true);
    }
    run(3_000);
    List<Transaction> sent = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      for (int i = 0; i < 4; i++) {
        Transaction tx = transfer(i);
        nodes[(i + round) % 4].submit(tx.encoded().toArray());
        sent.add(tx);
      }
      run(300);
    }
    run(5_000);
    assertThat(witness(0).finalHeight()).as(hint()).isGreaterThan(10);
    assertAgree(List.of(0, 1, 2, 3));
    for (Transaction tx : sent) {
      for (int i = 0; i < 4; i++) {
        assertThat(witness(i).chain().isFinal(tx.id()))
            .as("%s at %d; %s", tx.id(), i, hint())
            .isTrue();
      }
    }
    long expected = sent.stream().mapToLong(tx -> tx.payload().amount()).sum();
    assertThat(witness(3).account(recipient, 0, 1).path("balance").asText())
        .isEqualTo(Long.toString(expected));
    assertThat(nodes[1].status().path("role").asText()).isEqualTo("witness");
    assertThat(nodes[1].status().path("consensus").path("height").asLong())
        .isGreaterThan(witness(1).finalHeight() - 1);
    assertThat(nodes[2].witnesses().path("schedule")).hasSize(4);
  }

  @Test
  void aWitnessRestartedWithItsDataCarriesOn() {
    for (int i = 0; i < 4; i++) {
      start(i, true);
    }
    run(4_000);
    net.crash(devnet.witnessKeys().get(2).publicKey());
    nodes[2].close();
    run(4_000);
    long before = witness(0).finalHeight();
    start(2, false);
    run(6_000);
    assertThat(witness(2).finalHeight()).as(hint()).isGreaterThan(before);
    assertAgree(List.of(0, 1, 2, 3));
  }

  @Test
  void aWitnessRestartedWithoutDataSyncsAndSignsAgainOnlyAboveTheOthers() {
    for (int i = 0; i < 4; i++) {
      start(i, true);
    }
    run(4_000);
    PublicKey lost = devnet.witnessKeys().get(3).publicKey();
    long crashedAt = witness(3).finalHeight();
    net.crash(lost);
    nodes[3].close();
    run(2_000);
    incarnation[3]++;
    long restartedAt = witness(0).finalHeight();
    start(3, false); // an empty chain and an empty signing store
    run(10_000);
    assertThat(witness(3).finalHeight()).as(hint()).isGreaterThan(crashedAt + 5);
    assertAgree(List.of(0, 1, 2, 3));
    long head = witness(0).finalHeight();
    long signedAgainAt = -1;
    for (long h = 1; h <= head; h++) {
      List<Confirmation> confirmations =
          witness(0).chain().certified(h).orElseThrow().certificate().confirmations();
      if (h > crashedAt + 1 && confirmations.stream().anyMatch(c -> c.witness().equals(lost))) {
        signedAgainAt = h;
        break;
      }
    }
    // Silent until it has seen the others sign: only above the heights they were at.
    assertThat(signedAgainAt).as("the restarted witness signs again; %s", hint()).isPositive();
    assertThat(signedAgainAt).as(hint()).isGreaterThan(restartedAt);
  }
}
