package io.stele.ledger.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.ledger.TestChains;
import io.stele.ledger.node.FollowerNode;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.sync.NetworkedNode.PeerDetails;
import io.stele.ledger.tx.TransactionBuilder;
import io.stele.net.PeerScores;
import io.stele.net.TransportLimits;
import io.stele.net.sim.LinkConditions;
import io.stele.net.sim.SimulatedNetwork;
import io.stele.net.sim.SimulationSeed;
import io.stele.net.sim.TraceEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same seed gives the same sync, message for message, on the simulated network. */
class BlockSyncDeterminismTest {
  @TempDir Path dir;

  @Test
  void twoRunsWithOneSeedProduceTheSameTrace() {
    long seed = SimulationSeed.choose();
    List<TraceEntry> first = run(seed, dir.resolve("a"));
    List<TraceEntry> second = run(seed, dir.resolve("b"));
    assertThat(first).as(SimulationSeed.replayHint(seed)).hasSizeGreaterThan(100);
    assertThat(second).as(SimulationSeed.replayHint(seed)).isEqualTo(first);
  }

  /** A witness with 25 blocks, two followers joining, reordering links; returns the trace. */
  private static List<TraceEntry> run(long seed, Path dir) {
    TestChains chain = TestChains.create(2);
    SeededRng rng = new SeededRng(seed);
    ManualClock clock = new ManualClock(TestChains.START + 1_000);
    SimulatedNetwork net =
        new SimulatedNetwork(
            clock,
            rng,
            new LinkConditions(1, 60, 0, 0.1, true),
            TransportLimits.DEFAULT,
            PeerScores.Policy.DEFAULT);
    List<TraceEntry> trace = new ArrayList<>();
    net.onTrace(trace::add);
    BlockSync.Settings settings = new BlockSync.Settings(4, 2, 3, 8, 1_000, 300);
    try (SoloNode witness =
        SoloNode.open(dir.resolve("w"), chain.genesis(), chain.witness(), clock)) {
      TransactionBuilder sender =
          new TransactionBuilder(
              TestChains.CHAIN, chain.genesis().parameters(), chain.users().get(0));
      for (int i = 0; i < 25; i++) {
        witness.submit(
            sender.transfer(chain.address(1), 5 + i, i, clock.millis()).encoded().toArray());
        clock.advance(50);
        witness.produceBlock();
      }
      NetworkedNode.witness(witness, net.join(chain.witness().publicKey()), PeerDetails.NONE);
      List<NetworkedNode> followers = new ArrayList<>();
      for (int f = 0; f < 2; f++) {
        FollowerNode node = FollowerNode.open(dir.resolve("f" + f), chain.genesis(), clock);
        followers.add(
            NetworkedNode.follower(
                node, net.join(KeyPair.generate(rng).publicKey()), settings, PeerDetails.NONE));
      }
      net.runUntil(clock.millis() + 8_000);
      for (NetworkedNode f : followers) {
        assertThat(((FollowerNode) f.node()).chain().head().hash())
            .as(SimulationSeed.replayHint(seed))
            .isEqualTo(witness.chain().head().hash());
        f.node().close();
      }
    }
    return trace;
  }
}
