package io.stele.exchange.engine;

/**
 * A live order. Instances are pooled and reused; while resting, an order is a node of its price
 * level's intrusive FIFO list. Price is in ticks, size in lots.
 */
final class Order {
  long id;
  int marketId;
  Account owner;
  Side side;
  long price;
  long lots;

  /** Lots traded so far: an amend to a new total leaves {@code total - filled} on the book. */
  long filled;

  /** Funds held for this order: base minor units for a sell, quote minor units for a buy. */
  long reserved;

  boolean postOnly;

  /** In a batch market: cancel whatever the next auction does not fill. */
  boolean ioc;

  long timestamp;
  PriceLevel level;
  Order prev;
  Order next;

  void clear() {
    owner = null;
    level = null;
    prev = null;
    next = null;
  }
}
