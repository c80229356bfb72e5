package io.stele.ledger.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.ledger.consensus.DoubleBlock;
import io.stele.ledger.consensus.DoubleConfirmation;
import io.stele.ledger.consensus.Evidence;
import io.stele.net.sim.LinkConditions;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The fault scenarios of docs/consensus.md on the simulated network. Every run checks safety at
 * every commit (Simulation); each scenario adds its liveness expectation. Seeds per scenario:
 * {@code -Dstele.sim.runs=N}; one seed: {@code -Dstele.sim.seed=N}.
 */
class FaultSimulationTest {
  private static final LinkConditions ROUGH = new LinkConditions(2, 40, 0.05, 0.1, true);

  private static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  @Test
  void lossDuplicationAndReorderingDelayButDoNotStopFinality() {
    Seeds.run(
        30,
        seed -> {
          Simulation sim = new Simulation(seed, 4, ROUGH);
          sim.addNodes(1);
          sim.runUntil(1_500);
          assertThat(sim.highestFinal()).isGreaterThanOrEqualTo(5);
          sim.awaitProgress(range(0, 5), sim.resumeBound(4));
        });
  }

  @Test
  void sevenWitnessesOnRoughLinksFinalize() {
    Seeds.run(
        12,
        seed -> {
          Simulation sim = new Simulation(seed, 7, ROUGH);
          sim.addNodes(1);
          sim.runUntil(1_000);
          assertThat(sim.highestFinal()).isGreaterThanOrEqualTo(3);
        });
  }

  @Test
  void twoThirdsKeepFinalizingWhileOneThirdIsCutOffAndItCatchesUpAfterHealing() {
    Seeds.run(
        40,
        seed -> {
          Simulation sim = new Simulation(seed, 7, LinkConditions.DEFAULT);
          sim.addNodes(1);
          sim.runUntil(300);
          sim.partition(List.of(List.of(0, 1, 3, 4, 6, 7), List.of(2, 5)));
          long before = sim.highestFinal();
          sim.runUntil(1_300);
          assertThat(sim.finalHeight(0)).as(sim.status()).isGreaterThan(before + 2);
          sim.net.heal();
          sim.awaitProgress(range(0, 8), sim.resumeBound(7));
        });
  }

  @Test
  void anEvenSplitFinalizesNothingUntilItHeals() {
    Seeds.run(
        70,
        seed -> {
          Simulation sim = new Simulation(seed, 4, LinkConditions.DEFAULT);
          sim.addNodes(0);
          sim.runUntil(300);
          sim.partition(List.of(List.of(0, 1), List.of(2, 3)));
          long atSplit = sim.highestFinal();
          sim.runUntil(1_300);
          // a height whose precommits were already on their way may still complete
          assertThat(sim.highestFinal()).isLessThanOrEqualTo(atSplit + 1);
          sim.net.heal();
          sim.awaitProgress(range(0, 4), sim.resumeBound(4));
        });
  }

  @Test
  void twentyOneWitnessesSplitElevenToTenStopAndResume() {
    Seeds.run(
        3,
        seed -> {
          Simulation sim = new Simulation(seed, 21, LinkConditions.DEFAULT);
          sim.addNodes(1);
          sim.runUntil(400);
          assertThat(sim.highestFinal()).isGreaterThanOrEqualTo(2);
          sim.partition(List.of(range(0, 11), range(11, 22)));
          long atSplit = sim.highestFinal();
          sim.runUntil(1_200);
          assertThat(sim.highestFinal()).isLessThanOrEqualTo(atSplit + 1);
          sim.net.heal();
          sim.awaitProgress(range(0, 22), sim.resumeBound(21));
        });
  }

  @Test
  void aWitnessCrashedAndRestartedWithItsDataRejoins() {
    Seeds.run(
        70,
        seed -> {
          Simulation sim = new Simulation(seed, 4, LinkConditions.DEFAULT);
          sim.addNodes(1);
          sim.runUntil(200 + Math.floorMod(seed, 300));
          sim.crash(1);
          sim.runUntil(900);
          sim.restart(1, true);
          sim.awaitProgress(range(0, 5), sim.resumeBound(4));
          assertThat(sim.evidence()).isEmpty();
        });
  }

  @Test
  void aWitnessRestartedWithoutDataSyncsAndNeverSignsTwice() {
    Seeds.run(
        25,
        seed -> {
          Simulation sim = new Simulation(seed, 4, LinkConditions.DEFAULT);
          sim.addNodes(0);
          sim.runUntil(200 + Math.floorMod(seed, 300));
          sim.crash(2);
          sim.runUntil(600);
          sim.restart(2, false);
          sim.runUntil(1_500);
          sim.awaitProgress(range(0, 4), sim.resumeBound(4));
          assertThat(sim.evidence()).isEmpty();
          // after it resumed it signs again, at a height above any it had reached before
          long resumedAt = sim.finalHeight(0);
          sim.runUntil(sim.now() + 1_000);
          assertThat(sim.nodes.get(2).signer.load().orElseThrow().height())
              .as("restarted witness signs again; %s", sim.status())
              .isGreaterThan(resumedAt);
        });
  }

  @Test
  void clocksHalfASecondApartDoNotMatter() {
    Seeds.run(
        40,
        seed -> {
          Simulation sim = new Simulation(seed, 4, LinkConditions.DEFAULT);
          for (int i = 0; i < 4; i++) {
            sim.skew(i, Math.floorMod(sim.rng.nextLong(), 1001L) - 500);
          }
          sim.addNodes(1);
          sim.runUntil(1_500);
          assertThat(sim.highestFinal()).as(sim.status()).isGreaterThanOrEqualTo(5);
        });
  }

  @Test
  void oneWitnessTwoSecondsOffDelaysItsOwnTurnsOnly() {
    Seeds.run(
        30,
        seed -> {
          Simulation sim = new Simulation(seed, 4, LinkConditions.DEFAULT);
          sim.skew(3, seed % 2 == 0 ? 2_000 : -2_000);
          sim.addNodes(0);
          sim.runUntil(2_000);
          assertThat(sim.highestFinal()).isGreaterThanOrEqualTo(5);
          sim.awaitProgress(range(0, 4), sim.resumeBound(4));
        });
  }

  @Test
  void anEquivocatingProducerIsCaughtAndTheChainStaysSafeAndLive() {
    Seeds.run(
        60,
        seed -> {
          Simulation s = new Simulation(seed, 4, LinkConditions.DEFAULT);
          s.addNodes(
              1,
              n ->
                  n.publicKey().equals(s.witnessKeys.get(1).publicKey())
                      ? Byzantine.equivocatingProducer(n)
                      : null);
          s.runUntil(1_500);
          assertThat(s.highestFinal()).isGreaterThanOrEqualTo(5);
          assertThat(s.evidence())
              .isNotEmpty()
              .allMatch(e -> e instanceof DoubleBlock && isOffender(e, s, 1));
        });
  }

  @Test
  void aDoubleConfirmingWitnessIsCaughtAndTheChainStaysSafeAndLive() {
    Seeds.run(
        30,
        seed -> {
          Simulation s = new Simulation(seed, 4, ROUGH);
          s.addNodes(
              1,
              n ->
                  n.publicKey().equals(s.witnessKeys.get(2).publicKey())
                      ? Byzantine.doubleConfirming(n)
                      : null);
          s.runUntil(1_500);
          assertThat(s.highestFinal()).isGreaterThanOrEqualTo(3);
          assertThat(s.evidence())
              .isNotEmpty()
              .allMatch(e -> e instanceof DoubleConfirmation && isOffender(e, s, 2));
        });
  }

  @Test
  void aWithholdingWitnessOnlySlowsItsOwnTurns() {
    Seeds.run(
        70,
        seed -> {
          Simulation s = new Simulation(seed, 4, LinkConditions.DEFAULT);
          s.addNodes(
              1,
              n ->
                  n.publicKey().equals(s.witnessKeys.get(0).publicKey())
                      ? Byzantine.withholding()
                      : null);
          s.runUntil(1_500);
          assertThat(s.highestFinal()).isGreaterThanOrEqualTo(4);
          s.awaitProgress(range(1, 5), s.resumeBound(4));
        });
  }

  @Test
  void twoByzantineWitnessesOfSevenUnderFlappingPartitionsNeverFinalizeConflictingBlocks() {
    Seeds.run(
        15,
        seed -> {
          Simulation s = new Simulation(seed, 7, ROUGH);
          s.addNodes(
              1,
              n -> {
                if (n.publicKey().equals(s.witnessKeys.get(1).publicKey())) {
                  return Byzantine.equivocatingProducer(n)
                      .andThen(Byzantine.doubleConfirming(n)::apply);
                }
                return n.publicKey().equals(s.witnessKeys.get(4).publicKey())
                    ? Byzantine.doubleConfirming(n)
                    : null;
              });
          for (int flap = 0; flap < 4; flap++) {
            s.runUntil(s.now() + 150 + Math.floorMod(s.rng.nextLong(), 200L));
            List<Integer> shuffled = new java.util.ArrayList<>(range(0, 8));
            java.util.Collections.shuffle(shuffled, new java.util.Random(s.rng.nextLong()));
            s.partition(List.of(shuffled.subList(0, 4), shuffled.subList(4, 8)));
            s.runUntil(s.now() + 100 + Math.floorMod(s.rng.nextLong(), 200L));
            s.net.heal();
          }
          s.awaitProgress(List.of(0, 2, 3, 5, 6, 7), s.resumeBound(7));
        });
  }

  private static boolean isOffender(Evidence e, Simulation s, int witness) {
    return e.offender().equals(s.witnessKeys.get(witness).publicKey());
  }
}
