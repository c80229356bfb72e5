package io.stele.ledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.crypto.PublicKey;
import io.stele.ledger.block.WitnessSet;
import io.stele.net.sim.LinkConditions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine asks the application for each height's witness set; here a test ledger switches from a
 * small set to a large one and back at chosen heights, under a steady load of transfers. Every
 * certificate is checked against the set of its own height (Simulation).
 */
class TermChangeSimulationTest {

  private static void growAndShrink(long seed, int large, long growAt, long shrinkAt, long until) {
    Simulation sim = new Simulation(seed, large, LinkConditions.DEFAULT);
    List<PublicKey> all = sim.genesis.witnesses();
    WitnessSet small = new WitnessSet(0, all.subList(0, 4));
    WitnessSet big = new WitnessSet(1, all);
    WitnessSet smallAgain = new WitnessSet(2, all.subList(0, 4));
    sim.witnessSets(h -> h < growAt ? small : h < shrinkAt ? big : smallAgain);
    sim.addNodes(1);
    sim.runUntil(until);
    assertThat(sim.highestFinal()).as(sim.status()).isGreaterThanOrEqualTo(shrinkAt + 2);
    for (int i = 0; i < sim.nodes.size(); i++) {
      assertThat(sim.finalHeight(i)).as(sim.status()).isGreaterThanOrEqualTo(shrinkAt);
    }
    // the large set's blocks were confirmed by more witnesses than the small set has
    int threshold = big.threshold();
    assertThat(sim.nodes.get(0).ledger.certificate(growAt + 1).confirmations().size())
        .isGreaterThanOrEqualTo(threshold)
        .isGreaterThan(4);
    assertThat(sim.transactionsFinal()).isGreaterThan(0);
  }

  @Test
  void fourToSevenToFourWitnesses() {
    Seeds.run(10, seed -> growAndShrink(seed, 7, 6, 12, 1_500));
  }

  @Test
  void fourToTwentyOneToFourWitnesses() {
    Seeds.run(2, seed -> growAndShrink(seed, 21, 4, 8, 1_500));
  }
}
