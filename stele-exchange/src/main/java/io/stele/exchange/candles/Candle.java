package io.stele.exchange.candles;

/**
 * Trading in one market over one interval starting at {@code start} (ms): open, high, low and close
 * prices (quote minor units per whole base unit), volume (base minor units), value (quote minor
 * units) and number of trades.
 */
public record Candle(
    int market,
    Interval interval,
    long start,
    long open,
    long high,
    long low,
    long close,
    long volume,
    long value,
    long trades) {

  Candle with(long price, long size, long quote) {
    return new Candle(
        market,
        interval,
        start,
        open,
        Math.max(high, price),
        Math.min(low, price),
        price,
        volume + size,
        value + quote,
        trades + 1);
  }
}
