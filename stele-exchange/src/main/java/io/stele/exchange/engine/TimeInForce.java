package io.stele.exchange.engine;

/**
 * How long an order may live: GTC rests until filled or cancelled, IOC cancels whatever does not
 * fill at once, FOK fills completely at once or is rejected.
 */
public enum TimeInForce {
  GTC,
  IOC,
  FOK
}
