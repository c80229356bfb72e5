package io.stele.api.fix;

import java.util.Map;
import java.util.Optional;
import quickfix.SessionID;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TimeInForce;
import quickfix.fix44.ExecutionReport;
import quickfix.fix44.OrderCancelReject;

/**
 * Turns the venue's order events into ExecutionReport (8) and OrderCancelReject (9) messages for
 * the session of the account they belong to. Events of accounts without a FIX counterparty are not
 * reported here.
 */
final class ExecutionReports implements ExecutionListener {
  /** The OrderID of a report about an order the venue never took. */
  static final String NO_ORDER = "NONE";

  private final FixVenue venue;
  private final Outbound outbound;
  private final Map<Long, SessionID> sessions;

  ExecutionReports(FixVenue venue, Outbound outbound, Map<Long, SessionID> sessions) {
    this.venue = venue;
    this.outbound = outbound;
    this.sessions = Map.copyOf(sessions);
  }

  @Override
  public void execution(Execution e) {
    SessionID session = sessions.get(e.order().account());
    if (session != null) {
      outbound.send(session, () -> report(e));
    }
  }

  @Override
  public void cancelRejected(CancelRejection r) {
    SessionID session = sessions.get(r.account());
    if (session != null) {
      outbound.send(session, () -> cancelReject(r));
    }
  }

  private ExecutionReport report(Execution e) {
    ListedMarket m = listed(e.order().market());
    ExecutionReport er =
        of(e.order(), m, FixCodes.execType(e.type()), Long.toString(e.executionId()));
    e.origClientOrderId().ifPresent(id -> er.setString(OrigClOrdID.FIELD, id));
    if (e.type() == Execution.Type.TRADE) {
      er.setString(LastPx.FIELD, FixDecimals.price(e.lastPrice(), m.info()));
      er.setString(LastQty.FIELD, FixDecimals.quantity(e.lastQuantity(), m.info()));
    }
    if (e.type() == Execution.Type.REJECTED) {
      er.setInt(OrdRejReason.FIELD, OrdRejReason.OTHER);
    }
    if (!e.code().isEmpty()) {
      er.setString(Text.FIELD, text(e.code(), e.message()));
    }
    return er;
  }

  /** An ExecutionReport carrying an order's full state. */
  static ExecutionReport of(OrderState s, ListedMarket m, char execType, String execId) {
    ExecutionReport er = new ExecutionReport();
    er.setString(OrderID.FIELD, s.orderId() == 0 ? NO_ORDER : Long.toString(s.orderId()));
    er.setString(ClOrdID.FIELD, s.clientOrderId());
    er.setString(ExecID.FIELD, execId);
    er.setChar(ExecType.FIELD, execType);
    er.setChar(OrdStatus.FIELD, FixCodes.orderStatus(s.status()));
    er.setString(Symbol.FIELD, m.symbol());
    er.setChar(Side.FIELD, FixCodes.side(s.side()));
    er.setChar(OrdType.FIELD, FixCodes.orderType(s.type()));
    if (s.type() == io.stele.exchange.engine.OrderType.LIMIT) {
      er.setString(Price.FIELD, FixDecimals.price(s.price(), m.info()));
    }
    er.setChar(TimeInForce.FIELD, FixCodes.timeInForce(s.timeInForce()));
    er.setString(OrderQty.FIELD, FixDecimals.quantity(s.quantity(), m.info()));
    er.setString(CumQty.FIELD, FixDecimals.quantity(s.filledQuantity(), m.info()));
    er.setString(LeavesQty.FIELD, FixDecimals.quantity(s.leavesQuantity(), m.info()));
    er.setString(
        AvgPx.FIELD, FixDecimals.averagePrice(s.filledValue(), s.filledQuantity(), m.info()));
    return er;
  }

  private OrderCancelReject cancelReject(CancelRejection r) {
    OrderCancelReject reject = new OrderCancelReject();
    Optional<OrderState> order = r.order();
    reject.setString(OrderID.FIELD, order.map(o -> Long.toString(o.orderId())).orElse(NO_ORDER));
    reject.setString(ClOrdID.FIELD, r.clientOrderId());
    reject.setString(OrigClOrdID.FIELD, r.origClientOrderId());
    reject.setChar(
        OrdStatus.FIELD,
        order.map(o -> FixCodes.orderStatus(o.status())).orElse(OrdStatus.REJECTED));
    reject.setChar(
        CxlRejResponseTo.FIELD,
        r.amend()
            ? CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST
            : CxlRejResponseTo.ORDER_CANCEL_REQUEST);
    reject.setInt(
        CxlRejReason.FIELD,
        r.code().equals("order.unknown") ? CxlRejReason.UNKNOWN_ORDER : CxlRejReason.OTHER);
    reject.setString(Text.FIELD, text(r.code(), r.message()));
    return reject;
  }

  private ListedMarket listed(int market) {
    return venue
        .market(market)
        .orElseThrow(
            () -> new IllegalStateException("the venue reported unknown market " + market));
  }

  /** Text(58) of a refusal: the stable code, then what was wrong. */
  static String text(String code, String message) {
    return message.isEmpty() ? code : code + ": " + message;
  }
}
