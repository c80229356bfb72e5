package io.stele.exchange.sealed;

import io.stele.core.bytes.Bytes;
import io.stele.exchange.engine.Side;
import java.util.List;

/**
 * What the exchange did with one opened batch: a result for every opened order in sealed order, the
 * trades in the order they happened, the fills of the batch auctions that followed (market by
 * market, in the order the engine reported them), and the engine's state hash afterwards.
 */
public record BatchOutcome(
    long sequence,
    Bytes batchHash,
    List<Result> results,
    List<Trade> trades,
    List<Fill> fills,
    Bytes stateHash) {
  /** The result code of an order the engine accepted. */
  public static final String ACCEPTED = "accepted";

  public BatchOutcome {
    results = List.copyOf(results);
    trades = List.copyOf(trades);
    fills = List.copyOf(fills);
  }

  /** An order's fate: {@link #ACCEPTED} or the engine's (or payload parser's) rejection code. */
  public record Result(int position, String code, String message) {}

  /** One trade; amounts in minor units, price in quote minor units per whole base unit. */
  public record Trade(
      int market,
      long makerOrder,
      long makerAccount,
      long takerOrder,
      long takerAccount,
      Side takerSide,
      long price,
      long size,
      long value,
      long makerFee,
      long takerFee) {}

  /**
   * One order's share of a batch auction at the clearing price: size in base minor units, value in
   * quote minor units, the fee the order paid.
   */
  public record Fill(
      int market,
      long order,
      long account,
      Side side,
      long price,
      long size,
      long value,
      long fee) {}
}
