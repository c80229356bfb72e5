package io.stele.exchange.engine;

/**
 * What a market does when an incoming order would trade with a resting order of the same account:
 * cancel the rest of the incoming (newest) order, or cancel the resting (oldest) order and go on.
 */
public enum SelfTradePrevention {
  CANCEL_NEWEST,
  CANCEL_OLDEST
}
