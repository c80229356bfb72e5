package io.stele.exchange.engine;

/** Why an order (or what was left of it) left the book. */
public enum CancelReason {
  /** The owner cancelled it. */
  USER,
  /** An IOC or market order could not fill completely; the rest is dropped. */
  UNFILLED,
  /** Self-trade prevention removed it. */
  SELF_TRADE
}
