package io.stele.core.random;

import java.security.SecureRandom;

/** Randomness from the operating system, for keys and nonces. */
public final class SecureRng implements Rng {
  private final SecureRandom random = new SecureRandom();

  @Override
  public void nextBytes(byte[] out) {
    random.nextBytes(out);
  }

  @Override
  public long nextLong() {
    return random.nextLong();
  }
}
