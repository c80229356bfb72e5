package io.stele.exchange.venue;

import io.stele.core.error.SteleException;
import io.stele.exchange.engine.SelfTradePrevention;

/**
 * A market the venue runs. Tick size is in quote minor units per whole base unit, lot size in base
 * minor units (docs/exchange.md). A {@code sealed} market is a frequent batch auction whose orders
 * arrive only as sealed envelopes and are executed batch by batch once the epoch key is released;
 * any other market matches signed orders continuously.
 */
public record MarketSpec(
    String symbol,
    String base,
    String quote,
    long tickSize,
    long lotSize,
    int makerFeeBps,
    int takerFeeBps,
    SelfTradePrevention selfTrade,
    boolean sealed) {
  private static final int MAX_SYMBOL = 32;

  public MarketSpec {
    checkSymbol(symbol);
    checkSymbol(base);
    checkSymbol(quote);
    if (selfTrade == null) {
      throw new SteleException("venue.config", "market " + symbol + " needs a self-trade rule");
    }
  }

  static void checkSymbol(String symbol) {
    if (symbol == null
        || symbol.isEmpty()
        || symbol.length() > MAX_SYMBOL
        || !symbol.chars().allMatch(MarketSpec::symbolChar)) {
      throw new SteleException(
          "venue.config", "a symbol is 1 to 32 of A-Z a-z 0-9 . _ -, not '" + symbol + "'");
    }
  }

  private static boolean symbolChar(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-';
  }
}
