package io.stele.exchange.venue;

import io.stele.exchange.engine.CancelReason;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;

/**
 * An order as the venue last saw it. Prices are quote minor units per whole base unit, sizes base
 * minor units; {@code size = filled + remaining} (an amendment changes the remaining size). {@code
 * reason} is set once a cancelled order left the book. {@code time} is the accepting command's.
 */
public record OrderState(
    long id,
    long account,
    int market,
    Side side,
    OrderType type,
    TimeInForce timeInForce,
    boolean postOnly,
    long price,
    long size,
    long filled,
    long remaining,
    OrderStatus status,
    CancelReason reason,
    long time) {}
