package io.stele.api.fix;

import java.util.Optional;

/**
 * What the FIX acceptor needs from the exchange it fronts. Everything is in integer minor units:
 * prices in quote minor units per whole base unit, quantities in base minor units, as the engine
 * uses them; {@link ListedMarket#info()} gives the decimals the acceptor converts with.
 *
 * <p>Orders are named by the client's order ids (ClOrdID): the venue assigns its own order id on
 * placement, and an amend or cancel gives the order a new client order id; the order stays known by
 * all of them. Requests return at once; their outcomes arrive through the {@link
 * ExecutionListener}s, in the order the venue applied them. Implementations must be thread safe:
 * the acceptor calls them from QuickFIX/J's threads.
 */
public interface FixVenue {
  /** The market listed under a FIX symbol (tag 55). */
  Optional<ListedMarket> market(String symbol);

  /** The market with an engine id, for reports about it. */
  Optional<ListedMarket> market(int id);

  /**
   * Places an order for the account. Outcome: {@link Execution.Type#REJECTED}, or {@link
   * Execution.Type#NEW} followed by its trades and, for what does not rest, its cancellation.
   */
  void place(long account, OrderRequest request);

  /**
   * Cancels the account's open order known as {@code origClientOrderId}, naming the cancellation
   * {@code clientOrderId}. Outcome: {@link Execution.Type#CANCELLED} or a {@link CancelRejection}.
   */
  void cancel(long account, String origClientOrderId, String clientOrderId);

  /**
   * Amends the account's open order known as {@code origClientOrderId} to a new price and a new
   * total quantity (filled plus remaining, as FIX's OrderQty); the engine turns it into a remaining
   * size against what has filled when it applies it ({@code order.total_filled} if nothing would
   * remain). A smaller quantity at the same price keeps the order's priority; any other change
   * loses it. Outcome: {@link Execution.Type#REPLACED} (then trades, if the new price crosses) or a
   * {@link CancelRejection}.
   */
  void amend(
      long account, String origClientOrderId, String clientOrderId, long price, long quantity);

  /** The account's order known by this client order id (current or earlier), open or not. */
  Optional<OrderState> order(long account, String clientOrderId);

  /** The market's book now, levels aggregated by price, best first. */
  BookSnapshot book(int market);

  /**
   * Follows a market's book: the listener first gets the book as it is, then every change after it,
   * in order, until the subscription is closed.
   */
  Subscription subscribeBook(int market, BookListener listener);

  /** Follows every order event of every account until the subscription is closed. */
  Subscription subscribeExecutions(ExecutionListener listener);
}
