package io.stele.exchange.engine;

/**
 * Receives the events the engine produces for each command, in order. Arguments are primitives and
 * the command itself so that producing an event allocates nothing; a sink that keeps events copies
 * what it needs. Every method does nothing by default, so a sink overrides only what it uses.
 * Amounts are minor units, prices are quote minor units per whole base unit.
 */
public interface EventSink {
  /** The command passed validation and took effect (for PLACE: the order was accepted). */
  default void accepted(Command command) {}

  /** The command was refused and changed nothing. */
  default void rejected(Command command, String code, String message) {}

  /**
   * Two orders traded, at the timestamp of the taker's command. Fees are in the quote asset and
   * went to the fee account.
   */
  default void trade(
      long timestamp,
      int market,
      long makerOrderId,
      long makerAccount,
      long takerOrderId,
      long takerAccount,
      Side takerSide,
      long price,
      long size,
      long quoteAmount,
      long makerFee,
      long takerFee) {}

  /** An order, or what was left of it, left the book; its remaining reservation was released. */
  default void cancelled(
      long orderId, long account, int market, long remainingSize, CancelReason reason) {}

  /** A batch auction cleared {@code size} (base minor units) at one {@code price}. */
  default void auction(long timestamp, int market, long price, long size) {}

  /**
   * One order's share of a batch auction, at the clearing price; the fee went to the fee account.
   */
  default void auctionFill(
      long timestamp,
      int market,
      long orderId,
      long account,
      Side side,
      long price,
      long size,
      long value,
      long fee) {}

  /** An order was amended to the given price and remaining size. */
  default void amended(
      long orderId, long account, int market, long price, long size, boolean keptPriority) {}
}
