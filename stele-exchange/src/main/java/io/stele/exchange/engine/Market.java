package io.stele.exchange.engine;

/**
 * A market trading {@code base} against {@code quote}, with its order book. Internally prices are
 * in ticks and sizes in lots; one lot traded at one tick is worth {@code unit} quote minor units,
 * which market creation requires to be a whole number so that every trade value is exact.
 */
final class Market {
  static final int MAX_FEE_BPS = 1_000;

  final int id;
  final Asset base;
  final Asset quote;
  final long tickSize;
  final long lotSize;
  final long unit;
  final int makerFeeBps;
  final int takerFeeBps;
  final int reserveFeeBps;
  final SelfTradePrevention selfTrade;

  /** Frequent batch auction: orders only rest; an AUCTION command clears them at one price. */
  final boolean batch;

  final BookSide bids = new BookSide(Side.BUY);
  final BookSide asks = new BookSide(Side.SELL);

  Market(
      int id,
      Asset base,
      Asset quote,
      long tickSize,
      long lotSize,
      long unit,
      int makerFeeBps,
      int takerFeeBps,
      SelfTradePrevention selfTrade,
      boolean batch) {
    this.id = id;
    this.base = base;
    this.quote = quote;
    this.tickSize = tickSize;
    this.lotSize = lotSize;
    this.unit = unit;
    this.makerFeeBps = makerFeeBps;
    this.takerFeeBps = takerFeeBps;
    this.reserveFeeBps = Math.max(makerFeeBps, takerFeeBps);
    this.selfTrade = selfTrade;
    this.batch = batch;
  }

  BookSide side(Side side) {
    return side == Side.BUY ? bids : asks;
  }

  /** Quote value of {@code lots} at {@code ticks}; throws ArithmeticException on overflow. */
  long value(long ticks, long lots) {
    return Math.multiplyExact(Math.multiplyExact(lots, ticks), unit);
  }

  /** What a buy order of {@code lots} at {@code ticks} holds: its value plus the largest fee. */
  long buyReservation(long ticks, long lots) {
    long value = value(ticks, lots);
    return Math.addExact(value, fee(value, reserveFeeBps));
  }

  /** floor(amount * bps / 10000) without overflowing: fees round down, in the trader's favour. */
  static long fee(long amount, int bps) {
    return (amount / 10_000) * bps + (amount % 10_000) * bps / 10_000;
  }

  MarketInfo info() {
    return new MarketInfo(
        id,
        base.id,
        quote.id,
        base.decimals,
        quote.decimals,
        tickSize,
        lotSize,
        makerFeeBps,
        takerFeeBps,
        selfTrade,
        batch);
  }
}
