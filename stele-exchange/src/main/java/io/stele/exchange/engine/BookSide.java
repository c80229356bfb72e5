package io.stele.exchange.engine;

/**
 * One side of an order book: price levels in a sorted array with the best level last (so the busy
 * end of the array is where inserts and removals happen), plus a price-to-level map. Levels are
 * pooled by the engine.
 */
final class BookSide {
  final Side side;
  private PriceLevel[] levels = new PriceLevel[64];
  private int size;
  private final LongMap<PriceLevel> byPrice = new LongMap<>(256);

  BookSide(Side side) {
    this.side = side;
  }

  int levelCount() {
    return size;
  }

  /** The i-th best level, 0 being the best. */
  PriceLevel level(int i) {
    return levels[size - 1 - i];
  }

  PriceLevel best() {
    return size == 0 ? null : levels[size - 1];
  }

  PriceLevel at(long price) {
    return byPrice.get(price);
  }

  /** Whether an order on this side at {@code price} would be better than {@code other}. */
  boolean better(long price, long other) {
    return side == Side.BUY ? price > other : price < other;
  }

  void insert(PriceLevel level) {
    if (size == levels.length) {
      levels = java.util.Arrays.copyOf(levels, size * 2);
    }
    // Search from the best end: most new levels appear near the top of the book.
    int i = size;
    while (i > 0 && better(levels[i - 1].price, level.price)) {
      i--;
    }
    System.arraycopy(levels, i, levels, i + 1, size - i);
    levels[i] = level;
    size++;
    byPrice.put(level.price, level);
  }

  void remove(PriceLevel level) {
    int i = size - 1;
    while (levels[i] != level) {
      i--;
    }
    System.arraycopy(levels, i + 1, levels, i, size - 1 - i);
    levels[--size] = null;
    byPrice.remove(level.price);
  }
}
