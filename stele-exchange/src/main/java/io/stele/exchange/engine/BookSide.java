package io.stele.exchange.engine;

import java.util.Arrays;

/**
 * One side of an order book: price levels in a sorted array with the best level last (so the busy
 * end of the array, near the top of the book, moves the fewest elements on insert and removal),
 * found by binary search, plus a price-to-level map. Levels are pooled by the engine.
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
      levels = Arrays.copyOf(levels, size * 2);
    }
    int i = firstBetterThan(level.price);
    System.arraycopy(levels, i, levels, i + 1, size - i);
    levels[i] = level;
    size++;
    byPrice.put(level.price, level);
  }

  void remove(PriceLevel level) {
    int i = firstBetterThan(level.price) - 1;
    System.arraycopy(levels, i + 1, levels, i, size - 1 - i);
    levels[--size] = null;
    byPrice.remove(level.price);
  }

  /**
   * Binary search: the index of the first level better than {@code price} (levels run worst to
   * best).
   */
  private int firstBetterThan(long price) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (better(levels[mid].price, price)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
