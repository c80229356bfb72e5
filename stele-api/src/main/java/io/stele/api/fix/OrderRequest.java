package io.stele.api.fix;

import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;

/**
 * A new order, checked against the market's tick and lot: {@code price} in quote minor units per
 * whole base unit (0 for a market order), {@code quantity} in base minor units.
 */
public record OrderRequest(
    int market,
    Side side,
    OrderType type,
    long price,
    long quantity,
    TimeInForce timeInForce,
    boolean postOnly,
    String clientOrderId) {}
