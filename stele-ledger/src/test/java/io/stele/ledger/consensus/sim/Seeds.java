package io.stele.ledger.consensus.sim;

import io.stele.net.sim.SimulationSeed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Runs a scenario over fresh seeds: {@code -Dstele.sim.runs=N} seeds per scenario (the scenario's
 * default otherwise), or the one seed {@code -Dstele.sim.seed=N}. Each run is single-threaded and
 * deterministic for its seed; independent runs share the machine's cores. A failure names its seed
 * (the first failing one in seed order).
 */
final class Seeds {
  private Seeds() {}

  static void run(int defaultRuns, LongConsumer scenario) {
    int runs = SimulationSeed.given() ? 1 : Integer.getInteger("stele.sim.runs", defaultRuns);
    List<Long> seeds = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      seeds.add(SimulationSeed.choose());
    }
    int threads = Math.max(1, Math.min(runs, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (long seed : seeds) {
        results.add(pool.submit(() -> scenario.accept(seed)));
      }
      for (int i = 0; i < runs; i++) {
        try {
          results.get(i).get();
        } catch (ExecutionException failed) {
          Throwable cause = failed.getCause();
          throw new AssertionError(
              SimulationSeed.replayHint(seeds.get(i)) + ": " + cause.getMessage(), cause);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", interrupted);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
