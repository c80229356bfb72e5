package io.stele.exchange.venue;

/** Where an order stands: resting (or waiting for an auction), completely filled, or gone. */
public enum OrderStatus {
  OPEN,
  FILLED,
  CANCELLED
}
