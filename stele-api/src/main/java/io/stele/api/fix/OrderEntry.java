package io.stele.api.fix;

import io.stele.core.error.SteleException;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import java.util.Locale;
import java.util.Optional;
import quickfix.FieldNotFound;
import quickfix.Message;
import quickfix.SessionID;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.ExecID;
import quickfix.field.ExecInst;
import quickfix.field.ExecType;
import quickfix.field.LeavesQty;
import quickfix.field.MsgSeqNum;
import quickfix.field.OrdRejReason;
import quickfix.field.OrdStatus;
import quickfix.field.OrdType;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.SendingTime;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.fix44.ExecutionReport;

/**
 * Reads NewOrderSingle (D), OrderCancelRequest (F), OrderCancelReplaceRequest (G) and
 * OrderStatusRequest (H) into venue requests. QuickFIX/J has already checked the message against
 * the FIX 4.4 dictionary (required tags, types, enumerations) and answered a failure with a
 * session-level Reject; what is left to refuse here is what Stele does not support or what does not
 * fit the market, and that is answered in business terms: a rejected ExecutionReport for D and H,
 * an OrderCancelReject for F and G, each with the reason in Text(58).
 */
final class OrderEntry {
  private static final String UNKNOWN_SYMBOL = "market.unknown";

  private final FixVenue venue;
  private final Outbound outbound;
  private final ExecutionReports reports;

  OrderEntry(FixVenue venue, Outbound outbound, ExecutionReports reports) {
    this.venue = venue;
    this.outbound = outbound;
    this.reports = reports;
  }

  void newOrder(Message m, SessionID session, long account) throws FieldNotFound {
    String clOrdId = m.getString(ClOrdID.FIELD);
    try {
      ListedMarket market = listed(m);
      Side side = side(m);
      OrderType type = orderType(m);
      long price = 0;
      if (type == OrderType.LIMIT) {
        if (!m.isSetField(Price.FIELD)) {
          throw new SteleException("order.price", "a limit order needs Price(44)");
        }
        price = FixDecimals.price(m.getString(Price.FIELD), market.info(), "Price(44)");
      } else if (m.isSetField(Price.FIELD)) {
        throw new SteleException("order.price", "a market order takes no Price(44)");
      }
      long quantity = quantity(m, market);
      TimeInForce tif = timeInForce(m, type);
      boolean postOnly = postOnly(m);
      venue.place(
          account,
          new OrderRequest(
              market.info().id(), side, type, price, quantity, tif, postOnly, clOrdId));
    } catch (SteleException e) {
      int reason =
          e.code().equals(UNKNOWN_SYMBOL) ? OrdRejReason.UNKNOWN_SYMBOL : OrdRejReason.OTHER;
      outbound.send(session, () -> refusal(m, clOrdId, ExecType.REJECTED, reason, e));
    }
  }

  void cancel(Message m, long account) throws FieldNotFound {
    String clOrdId = m.getString(ClOrdID.FIELD);
    String orig = m.getString(OrigClOrdID.FIELD);
    try {
      ListedMarket market = listed(m);
      checkMatches(venue.order(account, orig), market, side(m));
      venue.cancel(account, orig, clOrdId);
    } catch (SteleException e) {
      cancelRefused(account, clOrdId, orig, false, e);
    }
  }

  void amend(Message m, long account) throws FieldNotFound {
    String clOrdId = m.getString(ClOrdID.FIELD);
    String orig = m.getString(OrigClOrdID.FIELD);
    try {
      ListedMarket market = listed(m);
      checkMatches(venue.order(account, orig), market, side(m));
      if (orderType(m) != OrderType.LIMIT) {
        throw new SteleException("order.type", "only limit orders rest, so OrdType(40) must be 2");
      }
      if (!m.isSetField(Price.FIELD)) {
        throw new SteleException("order.price", "an amend needs Price(44)");
      }
      long price = FixDecimals.price(m.getString(Price.FIELD), market.info(), "Price(44)");
      venue.amend(account, orig, clOrdId, price, quantity(m, market));
    } catch (SteleException e) {
      cancelRefused(account, clOrdId, orig, true, e);
    }
  }

  void status(Message m, SessionID session, long account) throws FieldNotFound {
    String clOrdId = m.getString(ClOrdID.FIELD);
    String execId = localExecId(m);
    Optional<OrderState> order = venue.order(account, clOrdId);
    Optional<ListedMarket> market = order.flatMap(o -> venue.market(o.market()));
    if (order.isPresent() && market.isPresent()) {
      outbound.send(
          session,
          () -> ExecutionReports.of(order.get(), market.get(), ExecType.ORDER_STATUS, execId));
    } else {
      SteleException unknown =
          new SteleException("order.unknown", "no order with ClOrdID " + clOrdId);
      outbound.send(
          session,
          () -> refusal(m, clOrdId, ExecType.ORDER_STATUS, OrdRejReason.UNKNOWN_ORDER, unknown));
    }
  }

  // ---------------------------------------------------------------- reading fields

  private ListedMarket listed(Message m) throws FieldNotFound {
    String symbol = m.getString(Symbol.FIELD);
    return venue
        .market(symbol)
        .orElseThrow(
            () ->
                new SteleException(
                    UNKNOWN_SYMBOL, "no market is listed as symbol \"" + symbol + "\""));
  }

  private static Side side(Message m) throws FieldNotFound {
    return switch (m.getChar(quickfix.field.Side.FIELD)) {
      case quickfix.field.Side.BUY -> Side.BUY;
      case quickfix.field.Side.SELL -> Side.SELL;
      default -> throw new SteleException("order.side", "Side(54) must be 1 (buy) or 2 (sell)");
    };
  }

  private static OrderType orderType(Message m) throws FieldNotFound {
    return switch (m.getChar(OrdType.FIELD)) {
      case OrdType.LIMIT -> OrderType.LIMIT;
      case OrdType.MARKET -> OrderType.MARKET;
      default ->
          throw new SteleException("order.type", "OrdType(40) must be 1 (market) or 2 (limit)");
    };
  }

  private static long quantity(Message m, ListedMarket market) throws FieldNotFound {
    if (!m.isSetField(OrderQty.FIELD)) {
      throw new SteleException("order.size", "OrderQty(38) is missing");
    }
    return FixDecimals.quantity(m.getString(OrderQty.FIELD), market.info(), "OrderQty(38)");
  }

  /** Absent: GTC for a limit order, IOC for a market order. Day (0) and others are refused. */
  private static TimeInForce timeInForce(Message m, OrderType type) throws FieldNotFound {
    if (!m.isSetField(quickfix.field.TimeInForce.FIELD)) {
      return type == OrderType.LIMIT ? TimeInForce.GTC : TimeInForce.IOC;
    }
    return switch (m.getChar(quickfix.field.TimeInForce.FIELD)) {
      case quickfix.field.TimeInForce.GOOD_TILL_CANCEL -> TimeInForce.GTC;
      case quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL -> TimeInForce.IOC;
      case quickfix.field.TimeInForce.FILL_OR_KILL -> TimeInForce.FOK;
      default ->
          throw new SteleException(
              "order.tif", "TimeInForce(59) must be 1 (GTC), 3 (IOC) or 4 (FOK)");
    };
  }

  /**
   * ExecInst(18) 6 (participate, do not initiate) makes a post-only order; nothing else is taken.
   */
  private static boolean postOnly(Message m) throws FieldNotFound {
    if (!m.isSetField(ExecInst.FIELD)) {
      return false;
    }
    String value = m.getString(ExecInst.FIELD);
    if (!value.equals(String.valueOf(ExecInst.PARTICIPATE_DONT_INITIATE))) {
      throw new SteleException(
          "order.exec_inst", "ExecInst(18) may only be 6 (post-only), got \"" + value + "\"");
    }
    return true;
  }

  private static void checkMatches(Optional<OrderState> order, ListedMarket market, Side side) {
    if (order.isEmpty()) {
      return; // the venue answers an unknown order itself
    }
    if (order.get().market() != market.info().id()) {
      throw new SteleException("order.symbol", "the order does not trade on " + market.symbol());
    }
    if (order.get().side() != side) {
      throw new SteleException(
          "order.side",
          "the order is a " + order.get().side().name().toLowerCase(Locale.ROOT) + " order");
    }
  }

  // ---------------------------------------------------------------- answers made here

  private void cancelRefused(
      long account, String clOrdId, String orig, boolean amend, SteleException e) {
    reports.cancelRejected(
        new CancelRejection(
            account, clOrdId, orig, amend, venue.order(account, orig), e.code(), e.getMessage()));
  }

  /** An ExecutionReport refusing a request the venue never saw, echoing what the request named. */
  private static ExecutionReport refusal(
      Message request, String clOrdId, char execType, int reason, SteleException e) {
    ExecutionReport er = new ExecutionReport();
    er.setString(OrderID.FIELD, ExecutionReports.NO_ORDER);
    er.setString(ClOrdID.FIELD, clOrdId);
    er.setString(ExecID.FIELD, localExecId(request));
    er.setChar(ExecType.FIELD, execType);
    er.setChar(OrdStatus.FIELD, OrdStatus.REJECTED);
    copy(request, er, Symbol.FIELD);
    copy(request, er, quickfix.field.Side.FIELD);
    copy(request, er, OrdType.FIELD);
    copy(request, er, OrderQty.FIELD);
    er.setString(LeavesQty.FIELD, "0");
    er.setString(CumQty.FIELD, "0");
    er.setString(AvgPx.FIELD, "0");
    er.setInt(OrdRejReason.FIELD, reason);
    er.setString(Text.FIELD, ExecutionReports.text(e.code(), e.getMessage()));
    return er;
  }

  private static void copy(Message from, Message to, int tag) {
    if (from.isSetField(tag)) {
      try {
        to.setString(tag, from.getString(tag));
      } catch (FieldNotFound e) {
        throw new IllegalStateException("tag " + tag + " vanished", e);
      }
    }
  }

  /**
   * The ExecID of a report the acceptor makes itself: unique within the session, since it names the
   * request's sequence number and sending time.
   */
  private static String localExecId(Message request) {
    Message.Header h = request.getHeader();
    try {
      return "r" + h.getString(MsgSeqNum.FIELD) + "@" + h.getString(SendingTime.FIELD);
    } catch (FieldNotFound e) {
      throw new IllegalStateException("QuickFIX/J passed on a message without its header", e);
    }
  }
}
