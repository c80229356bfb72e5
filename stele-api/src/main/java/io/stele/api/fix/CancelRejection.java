package io.stele.api.fix;

import java.util.Optional;

/**
 * A cancel or an amend that was refused and changed nothing: {@code amend} tells which; {@code
 * order} is the order's state if the venue knows it.
 */
public record CancelRejection(
    long account,
    String clientOrderId,
    String origClientOrderId,
    boolean amend,
    Optional<OrderState> order,
    String code,
    String message) {}
