package io.stele.exchange.engine;

/**
 * A resting order as callers see it: price in quote minor units per whole base unit, remaining size
 * in base minor units, reservation in minor units of the asset it holds.
 */
public record OrderView(
    long id,
    long account,
    int market,
    Side side,
    long price,
    long size,
    long reserved,
    boolean postOnly,
    long timestamp) {}
