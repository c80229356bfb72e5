package io.stele.api.fix;

import java.util.List;

/** A market's book at one moment, each side best price first. */
public record BookSnapshot(int market, List<BookLevel> bids, List<BookLevel> asks) {
  public BookSnapshot {
    bids = List.copyOf(bids);
    asks = List.copyOf(asks);
  }
}
