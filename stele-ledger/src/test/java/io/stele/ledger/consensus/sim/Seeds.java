package io.stele.ledger.consensus.sim;

import io.stele.net.sim.SimulationSeed;
import java.util.function.LongConsumer;

/**
 * Runs a scenario over fresh seeds: {@code -Dstele.sim.runs=N} seeds per scenario (the scenario's
 * default otherwise), or the one seed {@code -Dstele.sim.seed=N}. A failure names its seed.
 */
final class Seeds {
  private Seeds() {}

  static void run(int defaultRuns, LongConsumer scenario) {
    int runs = SimulationSeed.given() ? 1 : Integer.getInteger("stele.sim.runs", defaultRuns);
    for (int i = 0; i < runs; i++) {
      long seed = SimulationSeed.choose();
      try {
        scenario.accept(seed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(SimulationSeed.replayHint(seed) + ": " + e.getMessage(), e);
      }
    }
  }
}
