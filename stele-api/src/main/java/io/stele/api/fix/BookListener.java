package io.stele.api.fix;

import io.stele.exchange.engine.Side;

/** Follows one market's book. Must not block for long. */
public interface BookListener {
  /** The book when the subscription started; comes once, before any change. */
  void snapshot(BookSnapshot book);

  /**
   * The quantity at one price changed from {@code previousQuantity} to {@code quantity}; 0 before
   * means a new level, 0 after means the level is gone.
   */
  void levelChanged(Side side, long price, long previousQuantity, long quantity);
}
