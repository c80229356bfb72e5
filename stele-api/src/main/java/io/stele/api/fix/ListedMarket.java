package io.stele.api.fix;

import io.stele.exchange.engine.MarketInfo;

/** A market as FIX clients name it: its symbol (tag 55) and the engine's definition. */
public record ListedMarket(String symbol, MarketInfo info) {}
