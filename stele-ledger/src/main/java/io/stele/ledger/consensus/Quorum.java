package io.stele.ledger.consensus;

/**
 * The confirmation threshold this package recommends: strictly more than two thirds of C witnesses,
 * so any two quorums share more than C/3 witnesses (see docs/consensus.md).
 */
public final class Quorum {
  private Quorum() {}

  /** floor(2C/3) + 1 confirmations out of {@code count} witnesses. */
  public static int threshold(int count) {
    requirePositive(count);
    return 2 * count / 3 + 1;
  }

  /** f = floor((C-1)/3): the Byzantine witnesses the protocol is designed to tolerate. */
  public static int maxFaulty(int count) {
    requirePositive(count);
    return (count - 1) / 3;
  }

  private static void requirePositive(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a witness set has at least one witness, not " + count);
    }
  }
}
