package io.stele.exchange.venue;

/** One price level of a book: the price and the total remaining size resting at it. */
public record BookLevel(long price, long size) {}
