package io.stele.exchange.engine;

/** Every input the matching engine accepts. */
public enum CommandType {
  ASSET,
  MARKET,
  DEPOSIT,
  WITHDRAW,
  PLACE,
  CANCEL,
  AMEND,
  AUCTION
}
