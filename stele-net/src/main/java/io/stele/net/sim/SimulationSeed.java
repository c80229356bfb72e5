package io.stele.net.sim;

import io.stele.core.error.SteleException;
import java.security.SecureRandom;

/**
 * Chooses the seed of a simulation run, so that every run can be replayed: the seed given with
 * {@code -Dstele.sim.seed=N}, or else a fresh one. A run that fails reports its seed with {@link
 * #replayHint}; running again with that property set gives the exact same sequence of events.
 */
public final class SimulationSeed {
  public static final String PROPERTY = "stele.sim.seed";

  private SimulationSeed() {}

  /** True when a seed was given on the command line. */
  public static boolean given() {
    return System.getProperty(PROPERTY) != null;
  }

  public static long choose() {
    String given = System.getProperty(PROPERTY);
    if (given == null) {
      return new SecureRandom().nextLong();
    }
    try {
      return Long.parseLong(given.trim());
    } catch (NumberFormatException e) {
      throw new SteleException(
          "sim.seed", PROPERTY + " must be a 64-bit decimal integer, not '" + given + "'", e);
    }
  }

  /** What to put in a failure message. */
  public static String replayHint(long seed) {
    return "simulation seed " + seed + " (replay with -D" + PROPERTY + "=" + seed + ")";
  }
}
