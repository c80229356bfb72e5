package io.stele.workflow.distribution;

import io.stele.core.random.Rng;

/**
 * How long to wait before the next delivery attempt: {@code first} doubled per failed attempt, at
 * most {@code max}, plus up to half of that at random so that nodes do not retry in step.
 */
public record Backoff(long firstMillis, long maxMillis) {
  public static final Backoff DEFAULT = new Backoff(1_000, 300_000);

  public Backoff {
    if (firstMillis <= 0 || maxMillis < firstMillis) {
      throw new IllegalArgumentException("need 0 < first <= max");
    }
  }

  /** The wait after {@code failures} failed attempts (1 or more). */
  public long delayMillis(int failures, Rng rng) {
    int doublings = Math.min(failures - 1, 62);
    long base =
        doublings >= Long.numberOfLeadingZeros(firstMillis) - 1
            ? maxMillis
            : Math.min(maxMillis, firstMillis << doublings);
    return base + rng.nextInt((int) Math.min(Integer.MAX_VALUE, base / 2 + 1));
  }
}
