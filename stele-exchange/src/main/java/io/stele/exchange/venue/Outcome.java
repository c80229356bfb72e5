package io.stele.exchange.venue;

import java.util.List;
import java.util.Optional;

/**
 * What one command did once journaled and applied: {@code code} is {@code accepted} when it took
 * effect, otherwise the engine's rejection code with its message. {@code order} is the order's
 * state after the command (for place, cancel, amend); {@code trades} the trades it made.
 */
public record Outcome(
    long sequence,
    String code,
    String message,
    Optional<OrderState> order,
    List<TradeRecord> trades) {
  public static final String ACCEPTED = "accepted";

  public Outcome {
    trades = List.copyOf(trades);
  }

  public boolean accepted() {
    return code.equals(ACCEPTED);
  }
}
