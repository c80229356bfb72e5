package io.stele.exchange.engine;

import java.util.ArrayList;

/**
 * Where orders live: the index of open orders, the pools of order and price-level objects (so the
 * hot path allocates nothing), and the fee account. Keeps books, reservations and pools consistent
 * as orders rest, fill and leave.
 */
final class Books {
  final LongMap<Order> orders;
  final Account fees;
  private Order freeOrders;
  private final ArrayList<PriceLevel> freeLevels = new ArrayList<>();

  Books(int expectedOrders, Account fees) {
    this.orders = new LongMap<>(expectedOrders);
    this.fees = fees;
    for (int i = 0; i < expectedOrders; i++) {
      Order o = new Order();
      o.next = freeOrders;
      freeOrders = o;
    }
    for (int i = 0; i < 256; i++) {
      freeLevels.add(new PriceLevel());
    }
  }

  void rest(Market m, Order o) {
    BookSide side = m.side(o.side);
    PriceLevel level = side.at(o.price);
    if (level == null) {
      level = freeLevels.isEmpty() ? new PriceLevel() : freeLevels.remove(freeLevels.size() - 1);
      level.price = o.price;
      side.insert(level);
    }
    level.append(o);
  }

  /** Takes a resting order out of its level (dropping the level if it empties). */
  void removeResting(Market m, Order o) {
    PriceLevel level = o.level;
    level.unlink(o);
    if (level.count == 0) {
      m.side(o.side).remove(level);
      level.head = null;
      level.tail = null;
      level.lots = 0;
      freeLevels.add(level);
    }
  }

  /** Releases what the order still holds, forgets it and returns it to the pool. */
  void finish(Market m, Order o) {
    if (o.reserved > 0) {
      o.owner.release(o.side == Side.BUY ? m.quote.id : m.base.id, o.reserved);
      o.reserved = 0;
    }
    orders.remove(o.id);
    o.clear();
    o.next = freeOrders;
    freeOrders = o;
  }

  Order newOrder() {
    Order o = freeOrders;
    if (o == null) {
      return new Order();
    }
    freeOrders = o.next;
    o.next = null;
    return o;
  }

  /** Takes a resting order off the book, releases its funds and reports it cancelled. */
  void dropResting(Market m, Order o, CancelReason reason, EventSink out) {
    long left = o.lots * m.lotSize;
    long id = o.id;
    long account = o.owner.id;
    removeResting(m, o);
    finish(m, o);
    out.cancelled(id, account, m.id, left, reason);
  }
}
