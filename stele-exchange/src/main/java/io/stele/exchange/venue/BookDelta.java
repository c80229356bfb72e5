package io.stele.exchange.venue;

import io.stele.exchange.engine.Side;

/**
 * A price level that changed: its new total size, 0 when the level is gone. Applying every delta in
 * order to a depth snapshot of an earlier {@code sequence} gives the current book.
 */
public record BookDelta(long sequence, int market, Side side, long price, long size) {}
