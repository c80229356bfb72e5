package io.stele.core.random;

import java.util.SplittableRandom;

/** Reproducible randomness for simulations and tests: the same seed, the same sequence. */
public final class SeededRng implements Rng {
  private final SplittableRandom random;

  public SeededRng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public void nextBytes(byte[] out) {
    random.nextBytes(out);
  }

  @Override
  public long nextLong() {
    return random.nextLong();
  }
}
