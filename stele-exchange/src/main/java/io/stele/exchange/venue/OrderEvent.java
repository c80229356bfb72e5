package io.stele.exchange.venue;

/**
 * Something that happened to one of an account's orders: {@code kind} is {@code accepted}, {@code
 * trade}, {@code amended}, {@code cancelled} (with the order's state after it) or {@code rejected}
 * (with {@code code} and {@code message}, and {@code order} empty when the order never existed).
 */
public record OrderEvent(
    long sequence,
    long account,
    long orderId,
    String kind,
    OrderState order,
    String code,
    String message) {}
