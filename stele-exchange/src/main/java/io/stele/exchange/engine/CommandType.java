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
  AUCTION,
  /** An amend whose size is the new total (filled plus remaining), as FIX's OrderQty. */
  AMEND_TOTAL;

  /** Whether the command names one order: a place, a cancel or either amend. */
  public boolean namesOrder() {
    return this == PLACE || this == CANCEL || this == AMEND || this == AMEND_TOTAL;
  }
}
