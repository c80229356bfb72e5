package io.stele.exchange.engine;

/** All resting orders at one price on one side, oldest first (an intrusive doubly linked list). */
final class PriceLevel {
  long price;
  long lots;
  int count;
  Order head;
  Order tail;

  void append(Order o) {
    o.level = this;
    o.prev = tail;
    o.next = null;
    if (tail == null) {
      head = o;
    } else {
      tail.next = o;
    }
    tail = o;
    lots += o.lots;
    count++;
  }

  void unlink(Order o) {
    if (o.prev == null) {
      head = o.next;
    } else {
      o.prev.next = o.next;
    }
    if (o.next == null) {
      tail = o.prev;
    } else {
      o.next.prev = o.prev;
    }
    lots -= o.lots;
    count--;
    o.prev = null;
    o.next = null;
    o.level = null;
  }
}
