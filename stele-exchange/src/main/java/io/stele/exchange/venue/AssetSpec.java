package io.stele.exchange.venue;

import io.stele.core.error.SteleException;
import io.stele.exchange.engine.Engine;

/** An asset the venue trades: a symbol (as clients name it) and its number of decimals. */
public record AssetSpec(String symbol, int decimals) {
  public AssetSpec {
    MarketSpec.checkSymbol(symbol);
    if (decimals < 0 || decimals > Engine.MAX_DECIMALS) {
      throw new SteleException(
          "venue.config", "asset " + symbol + ": decimals " + decimals + " is outside 0..18");
    }
  }
}
