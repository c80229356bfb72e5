package io.stele.exchange.engine;

/** A limit order has a price bound; a market order takes whatever the book offers. */
public enum OrderType {
  LIMIT,
  MARKET
}
