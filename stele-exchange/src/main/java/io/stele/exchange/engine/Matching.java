package io.stele.exchange.engine;

/**
 * Continuous matching: an incoming order takes liquidity at price-time priority, trades at the
 * resting orders' prices, then rests or has its remainder cancelled.
 */
final class Matching {
  private final Books books;

  Matching(Books books) {
    this.books = books;
  }

  static boolean crosses(Side taker, long limit, long resting) {
    return taker == Side.BUY ? resting <= limit : resting >= limit;
  }

  /** Lots an order could fill right now, honouring its limit and self-trade prevention. */
  long fillable(Market m, Side side, boolean isMarket, long ticks, long lots, Account acc) {
    BookSide opposite = m.side(side.opposite());
    long filled = 0;
    for (int i = 0; i < opposite.levelCount() && filled < lots; i++) {
      PriceLevel level = opposite.level(i);
      if (!isMarket && !crosses(side, ticks, level.price)) {
        break;
      }
      for (Order o = level.head; o != null && filled < lots; o = o.next) {
        if (o.owner == acc) {
          if (m.selfTrade == SelfTradePrevention.CANCEL_NEWEST) {
            return filled;
          }
          continue;
        }
        filled += Math.min(lots - filled, o.lots);
      }
    }
    return filled;
  }

  /** Exactly what a market buy of {@code lots} would pay now, fees included. */
  long marketBuyCost(Market m, long lots, Account acc) {
    long left = lots;
    long cost = 0;
    for (int i = 0; i < m.asks.levelCount() && left > 0; i++) {
      PriceLevel level = m.asks.level(i);
      for (Order o = level.head; o != null && left > 0; o = o.next) {
        if (o.owner == acc) {
          if (m.selfTrade == SelfTradePrevention.CANCEL_NEWEST) {
            return cost;
          }
          continue;
        }
        long f = Math.min(left, o.lots);
        long value = m.value(level.price, f);
        cost = Math.addExact(cost, value + Market.fee(value, m.takerFeeBps));
        left -= f;
      }
    }
    return cost;
  }

  /**
   * Matches {@code o} against the opposite side, then rests what is left, or cancels it if the
   * order may not rest or self-trade prevention stopped it.
   */
  void takeThenRest(Market m, Order o, boolean noRest, boolean isMarket, EventSink out) {
    boolean stopped = match(m, o, isMarket, out);
    if (o.lots == 0) {
      books.finish(m, o);
    } else if (noRest || stopped) {
      long left = o.lots * m.lotSize;
      long id = o.id;
      long account = o.owner.id;
      books.finish(m, o);
      out.cancelled(
          id, account, m.id, left, stopped ? CancelReason.SELF_TRADE : CancelReason.UNFILLED);
    } else {
      if (o.side == Side.BUY) {
        // Trades below the limit leave more held than the rest of the order needs.
        long need = m.buyReservation(o.price, o.lots);
        o.owner.release(m.quote.id, o.reserved - need);
        o.reserved = need;
      }
      books.rest(m, o);
    }
  }

  /** Returns true if self-trade prevention stopped the incoming order. */
  private boolean match(Market m, Order taker, boolean isMarket, EventSink out) {
    BookSide opposite = m.side(taker.side.opposite());
    while (taker.lots > 0) {
      PriceLevel level = opposite.best();
      if (level == null || (!isMarket && !crosses(taker.side, taker.price, level.price))) {
        return false;
      }
      Order maker = level.head;
      while (maker != null && taker.lots > 0) {
        Order next = maker.next;
        if (maker.owner == taker.owner) {
          if (m.selfTrade == SelfTradePrevention.CANCEL_NEWEST) {
            return true;
          }
          books.dropResting(m, maker, CancelReason.SELF_TRADE, out);
        } else {
          trade(m, maker, taker, Math.min(taker.lots, maker.lots), level, out);
          if (maker.lots == 0) {
            books.removeResting(m, maker);
            books.finish(m, maker);
          }
        }
        maker = next;
      }
    }
    return false;
  }

  private void trade(
      Market m, Order maker, Order taker, long lots, PriceLevel level, EventSink out) {
    long value = m.value(level.price, lots);
    long base = lots * m.lotSize;
    long makerFee = Market.fee(value, m.makerFeeBps);
    long takerFee = Market.fee(value, m.takerFeeBps);
    Order buyer = taker.side == Side.BUY ? taker : maker;
    Order seller = buyer == taker ? maker : taker;
    long buyerFee = buyer == taker ? takerFee : makerFee;
    long sellerFee = buyer == taker ? makerFee : takerFee;
    int q = m.quote.id;
    int b = m.base.id;
    Account ba = buyer.owner;
    Account sa = seller.owner;
    ba.reserved[q] -= value + buyerFee;
    buyer.reserved -= value + buyerFee;
    ba.ensure(b);
    ba.available[b] += base;
    sa.reserved[b] -= base;
    seller.reserved -= base;
    sa.ensure(q);
    sa.available[q] += value - sellerFee;
    books.fees.available[q] += makerFee + takerFee;
    maker.lots -= lots;
    taker.lots -= lots;
    maker.filled += lots;
    taker.filled += lots;
    level.lots -= lots;
    if (maker.side == Side.BUY) {
      long need = m.buyReservation(maker.price, maker.lots);
      ba.release(q, maker.reserved - need);
      maker.reserved = need;
    }
    out.trade(
        taker.timestamp,
        m.id,
        maker.id,
        maker.owner.id,
        taker.id,
        taker.owner.id,
        taker.side,
        level.price * m.tickSize,
        base,
        value,
        makerFee,
        takerFee);
  }
}
