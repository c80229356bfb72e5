package io.stele.ledger.consensus;

/**
 * How long a witness waits before producing on top of the head block. Witnesses take turns in
 * witness-set order; the distance from the head's producer b to witness a is d = ((a - b) + C) mod
 * C. The wait, counted from the head block's timestamp ({@code elapsed} has already passed), is:
 *
 * <ul>
 *   <li>d = 0 (the head is its own block): (C-1)*t_o, so every other witness had its turn first;
 *   <li>d = 1 (next in line): t_w, the minimum block interval;
 *   <li>d &ge; 2: (d-1)*t_o, one producer timeout for each witness ahead of it.
 * </ul>
 *
 * each minus {@code elapsed}, and never below 0. A single witness (C = 1) is always next in line
 * and waits t_w.
 */
public record Countdown(long minBlockIntervalMs, long producerTimeoutMs) {

  public Countdown {
    if (minBlockIntervalMs < 1 || producerTimeoutMs < minBlockIntervalMs) {
      throw new IllegalArgumentException("need 1 <= t_w <= t_o");
    }
  }

  public static Countdown of(ConsensusParameters parameters) {
    return new Countdown(parameters.minBlockIntervalMs(), parameters.producerTimeoutMs());
  }

  /** d(a, b) = ((a - b) + C) mod C. */
  public static int distance(int me, int headProducer, int count) {
    if (count < 1 || me < 0 || me >= count || headProducer < 0 || headProducer >= count) {
      throw new IllegalArgumentException(
          "indices " + me + " and " + headProducer + " must be in 0.." + (count - 1));
    }
    return (me - headProducer + count) % count;
  }

  public long waitMillis(int headProducer, int me, int count, long elapsed) {
    if (elapsed < 0) {
      throw new IllegalArgumentException("elapsed " + elapsed + " is negative");
    }
    int d = distance(me, headProducer, count);
    long full;
    if (count == 1 || d == 1) {
      full = minBlockIntervalMs;
    } else if (d == 0) {
      full = (count - 1) * producerTimeoutMs;
    } else {
      full = (d - 1) * producerTimeoutMs;
    }
    return Math.max(0, full - elapsed);
  }
}
