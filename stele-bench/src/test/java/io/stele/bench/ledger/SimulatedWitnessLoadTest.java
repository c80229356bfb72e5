package io.stele.bench.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.bench.ledger.SimulatedWitnessLoad.Submission;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small loads: 100 accounts, so an account's next transfer comes 50 ms (simulated) after its last,
 * after gossip has carried the last one to every witness.
 */
class SimulatedWitnessLoadTest {
  /** The figures of simulated time: what the protocol did, the same whatever the machine. */
  private static final List<String> SIMULATED =
      List.of(
          "finalized",
          "refused",
          "tps",
          "p50Ms",
          "p99Ms",
          "maxMs",
          "finalHeight",
          "allWitnessesAgreeUpTo");

  @Test
  void witnessesAdmittingInParallelFinalizeEveryTransferTheSameWayInEveryRun() throws Exception {
    ObjectNode first =
        SimulatedWitnessLoad.run(
            4,
            200,
            100,
            2_000,
            Submission.BROADCAST,
            SimulatedWitnessLoad.DEVNET_BLOCK_INTERVAL_MS,
            s -> {});
    ObjectNode second =
        SimulatedWitnessLoad.run(
            4,
            200,
            100,
            2_000,
            Submission.BROADCAST,
            SimulatedWitnessLoad.DEVNET_BLOCK_INTERVAL_MS,
            s -> {});
    assertThat(first.get("finalized").asInt()).isEqualTo(200);
    assertThat(first.get("refused").asInt()).isZero();
    assertThat(first.get("partlyRefused").asInt()).isZero();
    // run() refuses to report when two witnesses hold different blocks at a final height.
    assertThat(first.get("allWitnessesAgreeUpTo").asLong()).isPositive();
    for (String field : SIMULATED) {
      assertThat(second.get(field)).as(field).isEqualTo(first.get(field));
    }
  }

  @Test
  void gossipedTransfersAreAllFinalOnEveryWitness() throws Exception {
    ObjectNode figures =
        SimulatedWitnessLoad.run(
            4,
            200,
            100,
            2_000,
            Submission.GOSSIP,
            SimulatedWitnessLoad.DEVNET_BLOCK_INTERVAL_MS,
            s -> {});
    assertThat(figures.get("finalized").asInt()).isEqualTo(200);
    assertThat(figures.get("refused").asInt()).isZero();
    assertThat(figures.get("submission").asText()).isEqualTo("gossip");
  }
}
