package io.stele.net.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.net.Message;
import io.stele.net.PeerScores;
import io.stele.net.Recorder;
import io.stele.net.Transport;
import io.stele.net.TransportLimits;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gossip over delaying, duplicating, reordering links reaches every node exactly once. Runs fresh
 * seeds each time ({@code -Dstele.sim.runs=N} for more); a failure names its seed, and {@code
 * -Dstele.sim.seed=N} replays that one run.
 */
class GossipSimulationTest {
  private static final int NODES = 6;
  private static final int MESSAGES_EACH = 3;

  @Test
  void everyGossipReachesEveryOtherNodeExactlyOnce() {
    int runs = SimulationSeed.given() ? 1 : Integer.getInteger("stele.sim.runs", 5);
    for (int run = 0; run < runs; run++) {
      long seed = SimulationSeed.choose();
      simulate(seed);
    }
  }

  private static void simulate(long seed) {
    SeededRng rng = new SeededRng(seed);
    SimulatedNetwork net =
        new SimulatedNetwork(
            new ManualClock(0),
            rng,
            new LinkConditions(1, 80, 0, 0.2, true),
            TransportLimits.DEFAULT,
            PeerScores.Policy.DEFAULT);
    List<Transport> nodes = new ArrayList<>();
    List<Recorder> recorders = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      Transport node = net.join(KeyPair.generate(rng).publicKey());
      Recorder recorder = new Recorder();
      node.setHandler(recorder);
      nodes.add(node);
      recorders.add(recorder);
    }
    List<List<Message>> sent = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      Transport node = nodes.get(i);
      List<Message> own = new ArrayList<>();
      for (int m = 0; m < MESSAGES_EACH; m++) {
        Message message = Message.of(3, new byte[] {(byte) i, (byte) m});
        own.add(message);
        node.scheduler().schedule(rng.nextInt(200), () -> node.gossip(message));
      }
      sent.add(own);
    }
    while (net.step()) {
      // runs until nothing is in flight
    }

    for (int i = 0; i < NODES; i++) {
      for (int j = 0; j < NODES; j++) {
        for (Message message : sent.get(j)) {
          assertThat(recorders.get(i).count(message))
              .as(
                  "node %d, message %s from node %d, %s",
                  i, message, j, SimulationSeed.replayHint(seed))
              .isEqualTo(i == j ? 0 : 1);
        }
      }
    }
  }
}
