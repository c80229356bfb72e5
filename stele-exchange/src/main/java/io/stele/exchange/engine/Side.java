package io.stele.exchange.engine;

/** The side of an order: a buyer pays quote for base, a seller pays base for quote. */
public enum Side {
  BUY,
  SELL;

  public Side opposite() {
    return this == BUY ? SELL : BUY;
  }
}
