package io.stele.net.tcp;

import java.util.function.BooleanSupplier;

/** Waits for a condition that real sockets make true eventually. */
final class Await {
  private Await() {}

  /** Generous, so a busy machine does not fail a correct test; never asserted on. */
  private static final long PATIENCE_MILLIS = 20_000;

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE_MILLIS * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for: " + what);
      }
      Thread.sleep(10);
    }
  }
}
