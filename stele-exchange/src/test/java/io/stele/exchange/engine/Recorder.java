package io.stele.exchange.engine;

import java.util.ArrayList;
import java.util.List;

/** Keeps every event as a record, for assertions. */
final class Recorder implements EventSink {
  sealed interface Ev permits Accepted, Rejected, Traded, Cancelled, Amended, Auction, Fill {}

  record Accepted(CommandType type, long orderId) implements Ev {}

  record Rejected(String code, String message) implements Ev {}

  record Traded(
      long maker,
      long makerAccount,
      long taker,
      long takerAccount,
      Side takerSide,
      long price,
      long size,
      long value,
      long makerFee,
      long takerFee)
      implements Ev {}

  record Cancelled(long orderId, long size, CancelReason reason) implements Ev {}

  record Amended(long orderId, long price, long size, boolean keptPriority) implements Ev {}

  record Auction(long price, long size) implements Ev {}

  record Fill(long orderId, long account, Side side, long price, long size, long value, long fee)
      implements Ev {}

  final List<Ev> events = new ArrayList<>();

  List<Ev> take() {
    List<Ev> out = List.copyOf(events);
    events.clear();
    return out;
  }

  @Override
  public void accepted(Command command) {
    events.add(new Accepted(command.type, command.orderId));
  }

  @Override
  public void rejected(Command command, String code, String message) {
    events.add(new Rejected(code, message));
  }

  @Override
  public void trade(
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
      long takerFee) {
    events.add(
        new Traded(
            makerOrderId,
            makerAccount,
            takerOrderId,
            takerAccount,
            takerSide,
            price,
            size,
            quoteAmount,
            makerFee,
            takerFee));
  }

  @Override
  public void auction(long timestamp, int market, long price, long size) {
    events.add(new Auction(price, size));
  }

  @Override
  public void auctionFill(
      long timestamp,
      int market,
      long orderId,
      long account,
      Side side,
      long price,
      long size,
      long value,
      long fee) {
    events.add(new Fill(orderId, account, side, price, size, value, fee));
  }

  @Override
  public void cancelled(
      long orderId, long account, int market, long remainingSize, CancelReason reason) {
    events.add(new Cancelled(orderId, remainingSize, reason));
  }

  @Override
  public void amended(
      long orderId, long account, int market, long price, long size, boolean keptPriority) {
    events.add(new Amended(orderId, price, size, keptPriority));
  }
}
