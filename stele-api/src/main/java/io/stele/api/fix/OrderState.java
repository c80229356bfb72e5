package io.stele.api.fix;

import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;

/**
 * An order as the venue knows it after an event. {@code orderId} is the venue's id (0 when a
 * placement was rejected), {@code clientOrderId} the client's latest id for it. {@code quantity} is
 * the total ordered (filled plus remaining, after amends), {@code filledValue} the quote minor
 * units of all its fills, from which the average price follows.
 */
public record OrderState(
    long orderId,
    String clientOrderId,
    long account,
    int market,
    Side side,
    OrderType type,
    TimeInForce timeInForce,
    long price,
    long quantity,
    long filledQuantity,
    long filledValue,
    OrderStatus status) {

  /** What is still open on the book: 0 once the order is done. */
  public long leavesQuantity() {
    return status.open() ? quantity - filledQuantity : 0;
  }
}
