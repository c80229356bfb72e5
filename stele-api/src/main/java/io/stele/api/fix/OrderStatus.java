package io.stele.api.fix;

/** Where an order stands; the first two are open. */
public enum OrderStatus {
  NEW,
  PARTIALLY_FILLED,
  FILLED,
  CANCELLED,
  REJECTED;

  public boolean open() {
    return this == NEW || this == PARTIALLY_FILLED;
  }
}
