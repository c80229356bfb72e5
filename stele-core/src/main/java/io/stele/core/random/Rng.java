package io.stele.core.random;

/**
 * The only source of randomness in Stele's cores. Production binds {@link SecureRng}; the simulator
 * binds {@link SeededRng} so that a seed replays a run exactly.
 */
public interface Rng {
  void nextBytes(byte[] out);

  long nextLong();

  /** A uniform value in [0, bound). */
  default int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return (int) Math.floorMod(nextLong(), (long) bound);
  }
}
