package io.stele.exchange.venue;

/** An account's holding of one asset, in minor units: free to use, and held by open orders. */
public record Balance(int asset, long available, long reserved) {}
