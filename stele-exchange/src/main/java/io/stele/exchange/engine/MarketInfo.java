package io.stele.exchange.engine;

/**
 * A market's definition as callers see it. Tick size is in quote minor units per whole base unit,
 * lot size in base minor units. {@code batch} marks a frequent batch auction market.
 */
public record MarketInfo(
    int id,
    int baseAsset,
    int quoteAsset,
    int baseDecimals,
    int quoteDecimals,
    long tickSize,
    long lotSize,
    int makerFeeBps,
    int takerFeeBps,
    SelfTradePrevention selfTrade,
    boolean batch) {}
