package io.stele.api.fix;

import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import quickfix.field.ExecType;
import quickfix.field.OrdStatus;

/** The FIX 4.4 character codes of Stele's order enums. */
final class FixCodes {
  private FixCodes() {}

  static char side(Side side) {
    return side == Side.BUY ? quickfix.field.Side.BUY : quickfix.field.Side.SELL;
  }

  static char orderType(OrderType type) {
    return type == OrderType.LIMIT ? quickfix.field.OrdType.LIMIT : quickfix.field.OrdType.MARKET;
  }

  static char timeInForce(TimeInForce tif) {
    return switch (tif) {
      case GTC -> quickfix.field.TimeInForce.GOOD_TILL_CANCEL;
      case IOC -> quickfix.field.TimeInForce.IMMEDIATE_OR_CANCEL;
      case FOK -> quickfix.field.TimeInForce.FILL_OR_KILL;
    };
  }

  static char orderStatus(OrderStatus status) {
    return switch (status) {
      case NEW -> OrdStatus.NEW;
      case PARTIALLY_FILLED -> OrdStatus.PARTIALLY_FILLED;
      case FILLED -> OrdStatus.FILLED;
      case CANCELLED -> OrdStatus.CANCELED;
      case REJECTED -> OrdStatus.REJECTED;
    };
  }

  static char execType(Execution.Type type) {
    return switch (type) {
      case NEW -> ExecType.NEW;
      case TRADE -> ExecType.TRADE;
      case CANCELLED -> ExecType.CANCELED;
      case REPLACED -> ExecType.REPLACED;
      case REJECTED -> ExecType.REJECTED;
    };
  }
}
