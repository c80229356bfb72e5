package io.stele.exchange.venue;

import java.util.List;

/** A market's book as of journal {@code sequence}: best levels first on each side. */
public record Depth(long sequence, int market, List<BookLevel> bids, List<BookLevel> asks) {
  public Depth {
    bids = List.copyOf(bids);
    asks = List.copyOf(asks);
  }
}
