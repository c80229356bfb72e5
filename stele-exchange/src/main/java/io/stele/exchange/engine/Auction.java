package io.stele.exchange.engine;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;

/** Frequent batch auctions: clears a batch market's book at one uniform price. */
final class Auction {
  private final Books books;
  private final ArrayList<Order> scratch = new ArrayList<>();

  Auction(Books books) {
    this.books = books;
  }

  /**
   * Clears a batch market at one price: the price that trades the most; among those, the one that
   * leaves the smallest imbalance; among those, the one nearest the middle of the tied prices (the
   * lower on a tie). Each side fills best price first; at the marginal price the remaining volume
   * is shared pro rata to size, rounded down, and the lots left over go one each to the oldest
   * orders. Everyone pays the maker fee. IOC orders left afterwards are cancelled.
   */
  void run(Market m, long time, EventSink out) {
    long price = clearingPrice(m);
    if (price > 0) {
      long volume = Math.min(depth(m.bids, price), depth(m.asks, price));
      out.auction(time, m.id, price * m.tickSize, volume * m.lotSize);
      allocate(m, m.bids, price, volume, time, out);
      allocate(m, m.asks, price, volume, time, out);
    }
    for (BookSide side : new BookSide[] {m.bids, m.asks}) {
      scratch.clear();
      for (int i = 0; i < side.levelCount(); i++) {
        for (Order o = side.level(i).head; o != null; o = o.next) {
          if (o.ioc) {
            scratch.add(o);
          }
        }
      }
      for (Order o : scratch) {
        books.dropResting(m, o, CancelReason.UNFILLED, out);
      }
    }
    scratch.clear();
  }

  /** Lots on {@code side} willing to trade at {@code price} (ticks). */
  private static long depth(BookSide side, long price) {
    long lots = 0;
    for (int i = 0; i < side.levelCount(); i++) {
      PriceLevel level = side.level(i);
      if (side.better(price, level.price)) {
        break;
      }
      lots += level.lots;
    }
    return lots;
  }

  /** The clearing price in ticks, or 0 if nothing can trade. */
  private static long clearingPrice(Market m) {
    long[] candidates = new long[m.bids.levelCount() + m.asks.levelCount()];
    int n = 0;
    for (BookSide side : new BookSide[] {m.bids, m.asks}) {
      for (int i = 0; i < side.levelCount(); i++) {
        candidates[n++] = side.level(i).price;
      }
    }
    Arrays.sort(candidates);
    long bestVolume = 0;
    long bestImbalance = Long.MAX_VALUE;
    long[] tied = new long[n];
    int ties = 0;
    for (int i = 0; i < n; i++) {
      if (i > 0 && candidates[i] == candidates[i - 1]) {
        continue;
      }
      long demand = depth(m.bids, candidates[i]);
      long supply = depth(m.asks, candidates[i]);
      long volume = Math.min(demand, supply);
      long imbalance = Math.abs(demand - supply);
      if (volume > bestVolume
          || (volume == bestVolume && volume > 0 && imbalance < bestImbalance)) {
        bestVolume = volume;
        bestImbalance = imbalance;
        ties = 0;
      }
      if (volume == bestVolume && volume > 0 && imbalance == bestImbalance) {
        tied[ties++] = candidates[i];
      }
    }
    if (ties == 0) {
      return 0;
    }
    long middle = tied[0] + (tied[ties - 1] - tied[0]) / 2;
    long best = tied[0];
    for (int i = 1; i < ties; i++) {
      if (Math.abs(tied[i] - middle) < Math.abs(best - middle)) {
        best = tied[i];
      }
    }
    return best;
  }

  private void allocate(
      Market m, BookSide side, long price, long volume, long time, EventSink out) {
    long left = volume;
    while (left > 0) {
      PriceLevel level = side.best();
      if (level.lots <= left) {
        left -= level.lots;
        for (Order o = level.head; o != null; ) {
          Order next = o.next;
          auctionFill(m, o, o.lots, price, time, out);
          o = next;
        }
      } else {
        long[] shares = new long[level.count];
        BigInteger rest = BigInteger.valueOf(left);
        BigInteger total = BigInteger.valueOf(level.lots);
        long given = 0;
        int i = 0;
        for (Order o = level.head; o != null; o = o.next, i++) {
          shares[i] = BigInteger.valueOf(o.lots).multiply(rest).divide(total).longValueExact();
          given += shares[i];
        }
        long extra = left - given;
        i = 0;
        for (Order o = level.head; o != null && extra > 0; o = o.next, i++) {
          if (shares[i] < o.lots) {
            shares[i]++;
            extra--;
          }
        }
        i = 0;
        for (Order o = level.head; o != null; i++) {
          Order next = o.next;
          if (shares[i] > 0) {
            auctionFill(m, o, shares[i], price, time, out);
          }
          o = next;
        }
        left = 0;
      }
    }
  }

  private void auctionFill(Market m, Order o, long lots, long price, long time, EventSink out) {
    long value = m.value(price, lots);
    long base = lots * m.lotSize;
    long fee = Market.fee(value, m.makerFeeBps);
    int q = m.quote.id;
    int b = m.base.id;
    Account a = o.owner;
    o.lots -= lots;
    o.filled += lots;
    o.level.lots -= lots;
    if (o.side == Side.BUY) {
      a.reserved[q] -= value + fee;
      o.reserved -= value + fee;
      a.ensure(b);
      a.available[b] += base;
      long need = m.buyReservation(o.price, o.lots);
      a.release(q, o.reserved - need);
      o.reserved = need;
    } else {
      a.reserved[b] -= base;
      o.reserved -= base;
      a.ensure(q);
      a.available[q] += value - fee;
    }
    books.fees.available[q] += fee;
    out.auctionFill(time, m.id, o.id, a.id, o.side, price * m.tickSize, base, value, fee);
    if (o.lots == 0) {
      books.removeResting(m, o);
      books.finish(m, o);
    }
  }
}
