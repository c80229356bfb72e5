package io.stele.exchange.candles;

/** Candle widths, in milliseconds of command time. */
public enum Interval {
  MINUTE(60_000L),
  HOUR(3_600_000L),
  DAY(86_400_000L);

  private final long millis;

  Interval(long millis) {
    this.millis = millis;
  }

  public long millis() {
    return millis;
  }

  /** Start of the candle holding {@code time}: rounded down, also for negative times. */
  public long start(long time) {
    return Math.floorDiv(time, millis) * millis;
  }
}
