package io.stele.ledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.net.sim.LinkConditions;
import io.stele.net.sim.SimulationSeed;
import org.junit.jupiter.api.Test;

/** Honest witnesses and observers on healthy links finalize block after block with transfers. */
class HonestSimulationTest {

  @Test
  void fourWitnessesAndTwoObserversFinalizeEveryFewHundredMilliseconds() {
    long seed = SimulationSeed.choose();
    Simulation sim = new Simulation(seed, 4, LinkConditions.DEFAULT);
    sim.addNodes(2);
    sim.runUntil(1_500);
    // Round 0 needs t_w (50 ms) plus three hops of at most 20 ms: at least 10 blocks in 1.5 s.
    assertThat(sim.highestFinal()).as(sim.hint()).isGreaterThanOrEqualTo(10);
    for (int i = 0; i < sim.nodes.size(); i++) {
      assertThat(sim.finalHeight(i))
          .as("node %d, %s", i, sim.hint())
          .isGreaterThanOrEqualTo(sim.highestFinal() - 1);
    }
    assertThat(sim.transactionsFinal()).as(sim.hint()).isGreaterThan(0);
  }
}
