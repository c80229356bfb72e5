package io.stele.exchange.venue;

import io.stele.exchange.engine.Side;

/**
 * A trade: in a continuous market between a resting maker and an incoming taker; in a batch auction
 * the whole auction at its clearing price ({@code takerSide} null, order ids 0). {@code sequence}
 * is the journal sequence of the command that made it, {@code value} its quote amount.
 */
public record TradeRecord(
    long sequence,
    long time,
    int market,
    long price,
    long size,
    long value,
    Side takerSide,
    long makerOrder,
    long takerOrder) {}
