package io.stele.api.fix;

import java.util.Optional;

/**
 * One thing that happened to an order. {@code executionId} is unique across the venue. For a trade,
 * {@code lastPrice} and {@code lastQuantity} are the fill; otherwise 0. {@code origClientOrderId}
 * is the id an amend or a cancel replaced. {@code code} and {@code message} say why an order was
 * rejected or cancelled (for example {@code order.insufficient_funds}, or {@code unfilled} for an
 * IOC remainder); both are empty otherwise.
 */
public record Execution(
    long executionId,
    Type type,
    OrderState order,
    Optional<String> origClientOrderId,
    long lastPrice,
    long lastQuantity,
    String code,
    String message) {

  /** What the event did. */
  public enum Type {
    NEW,
    TRADE,
    CANCELLED,
    REPLACED,
    REJECTED
  }
}
