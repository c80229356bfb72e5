package io.stele.api.fix;

import io.stele.core.error.SteleException;
import io.stele.core.random.Rng;
import io.stele.exchange.engine.CancelReason;
import io.stele.exchange.engine.Side;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.exchange.venue.BookDelta;
import io.stele.exchange.venue.Depth;
import io.stele.exchange.venue.MarketSpec;
import io.stele.exchange.venue.OrderEvent;
import io.stele.exchange.venue.TradeRecord;
import io.stele.exchange.venue.Venue;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The FIX port over the running {@link Venue}. The venue names orders by ids that clients choose;
 * this port picks a random id for each NewOrderSingle and keeps which ClOrdIDs name which order in
 * {@link ClientOrderIds}. It follows the venue's order events, trades and book deltas: the events
 * of orders placed through FIX become {@link Execution}s (events of other orders are not reported),
 * and each group's book changes are passed on after the group's executions. Sealed markets are
 * refused: their orders must be encrypted by the client, which FIX cannot carry.
 */
public final class VenueFixPort implements FixVenue, AutoCloseable {
  /** Bits of an execution id left for the events of one command (the rest is its sequence). */
  private static final int EVENT_BITS = 20;

  private enum Kind {
    PLACE,
    CANCEL,
    AMEND
  }

  /** A FIX request the venue has queued but not yet answered. */
  private record Request(
      Kind kind,
      long account,
      String clientOrderId,
      String origClientOrderId,
      long total,
      OrderRequest place) {}

  private final Venue venue;
  private final Rng rng;
  private final ClientOrderIds ids;
  private final Map<String, ListedMarket> bySymbol = new HashMap<>();
  private final Map<Integer, ListedMarket> byId = new HashMap<>();
  private final Map<Long, ArrayDeque<Request>> pending = new HashMap<>();
  private final Map<Long, ArrayDeque<TradeRecord>> groupTrades = new HashMap<>();
  private final List<ExecutionListener> executionListeners = new CopyOnWriteArrayList<>();
  private final List<BookFollower> followers = new CopyOnWriteArrayList<>();
  private final List<Venue.Subscription> subscriptions = new ArrayList<>();
  private long eventSequence;
  private long eventIndex;

  private VenueFixPort(Venue venue, Rng rng, ClientOrderIds ids) {
    this.venue = venue;
    this.rng = rng;
    this.ids = ids;
  }

  /**
   * Serves {@code venue} over FIX, keeping the ClOrdIDs in {@code clientOrderIds} (created when
   * missing); {@code rng} picks order ids.
   */
  public static VenueFixPort open(Venue venue, Path clientOrderIds, Rng rng) {
    VenueFixPort port = new VenueFixPort(venue, rng, ClientOrderIds.open(clientOrderIds));
    for (int id = 1; id <= venue.config().markets().size(); id++) {
      MarketSpec spec = venue.config().market(id);
      ListedMarket listed = new ListedMarket(spec.symbol(), venue.marketInfo(id));
      port.bySymbol.put(spec.symbol(), listed);
      port.byId.put(id, listed);
      port.subscriptions.add(venue.onTrade(id, port::trade));
    }
    port.subscriptions.add(venue.onAllOrders(port::orderEvent));
    port.subscriptions.add(venue.afterEachGroup(port::groupDone));
    return port;
  }

  @Override
  public Optional<ListedMarket> market(String symbol) {
    return Optional.ofNullable(bySymbol.get(symbol));
  }

  @Override
  public Optional<ListedMarket> market(int id) {
    return Optional.ofNullable(byId.get(id));
  }

  // ------------------------------------------------------------------------------ requests

  @Override
  public synchronized void place(long account, OrderRequest r) {
    MarketSpec spec = venue.config().market(r.market());
    if (spec.sealed()) {
      throw new SteleException(
          "exchange.sealed_market",
          "market "
              + spec.symbol()
              + " is a sealed batch auction: its orders are encrypted by the client to the epoch"
              + " key and sent as sealed envelopes (POST /v1/exchange/sealed/envelopes); FIX"
              + " carries orders in plain text, so it cannot take them");
    }
    ids.checkNew(account, r.clientOrderId());
    long orderId = freshOrderId();
    Request request = new Request(Kind.PLACE, account, r.clientOrderId(), null, r.quantity(), r);
    submit(
        orderId,
        request,
        () ->
            venue.place(
                account,
                new OrderPayload.Place(
                    orderId,
                    r.market(),
                    r.side(),
                    r.type(),
                    r.timeInForce(),
                    r.postOnly(),
                    r.price(),
                    r.quantity())));
  }

  /** A positive id no FIX order has had; the venue refuses one that another client holds open. */
  private long freshOrderId() {
    long id;
    do {
      id = rng.nextLong() & Long.MAX_VALUE;
    } while (id == 0 || ids.known(id) || pending.containsKey(id));
    return id;
  }

  @Override
  public synchronized void cancel(long account, String orig, String clientOrderId) {
    long orderId = named(account, orig);
    ids.checkNew(account, clientOrderId);
    long total = ids.total(orderId).orElse(0L);
    Request request = new Request(Kind.CANCEL, account, clientOrderId, orig, total, null);
    submit(orderId, request, () -> venue.cancel(account, orderId));
  }

  /**
   * FIX's OrderQty is the new total; the engine subtracts what has filled when it applies the
   * amend, so a fill that lands in between cannot make the order larger.
   */
  @Override
  public synchronized void amend(
      long account, String orig, String clientOrderId, long price, long quantity) {
    long orderId = named(account, orig);
    ids.checkNew(account, clientOrderId);
    Request request = new Request(Kind.AMEND, account, clientOrderId, orig, quantity, null);
    submit(orderId, request, () -> venue.amendTotal(account, orderId, price, quantity));
  }

  private long named(long account, String clientOrderId) {
    return ids.order(account, clientOrderId)
        .orElseThrow(
            () -> new SteleException("order.unknown", "no order has ClOrdID " + clientOrderId));
  }

  /**
   * Queues the request under this object's lock, so that the requests of one order reach the venue
   * in the order they are pending here.
   */
  private void submit(long orderId, Request request, Supplier<CompletableFuture<?>> send) {
    ids.reserve(request.account(), request.clientOrderId(), orderId);
    pending.computeIfAbsent(orderId, k -> new ArrayDeque<>()).addLast(request);
    CompletableFuture<?> answer;
    try {
      answer = send.get();
    } catch (RuntimeException e) {
      forget(orderId, request);
      throw e;
    }
    // A venue that stops before applying the request sends no event: only the name is freed.
    answer.whenComplete(
        (outcome, failure) -> {
          if (failure != null) {
            synchronized (this) {
              forget(orderId, request);
            }
          }
        });
  }

  private void forget(long orderId, Request request) {
    ArrayDeque<Request> queue = pending.get(orderId);
    if (queue != null && queue.remove(request)) {
      ids.release(request.account(), request.clientOrderId());
      if (queue.isEmpty()) {
        pending.remove(orderId);
      }
    }
  }

  // ------------------------------------------------------------------------------ queries

  @Override
  public synchronized Optional<OrderState> order(long account, String clientOrderId) {
    return ids.order(account, clientOrderId)
        .flatMap(this::stateNow)
        .filter(o -> o.account() == account);
  }

  /** Reads the order and its filled value until no fill came between the two reads. */
  private Optional<OrderState> stateNow(long orderId) {
    while (true) {
      long value = venue.filledValue(orderId);
      Optional<io.stele.exchange.venue.OrderState> order = venue.order(orderId);
      if (venue.filledValue(orderId) == value) {
        return order.map(o -> state(o, value));
      }
    }
  }

  @Override
  public BookSnapshot book(int market) {
    return snapshot(venue.book(market, Integer.MAX_VALUE));
  }

  private static BookSnapshot snapshot(Depth depth) {
    return new BookSnapshot(depth.market(), levels(depth.bids()), levels(depth.asks()));
  }

  private static List<BookLevel> levels(List<io.stele.exchange.venue.BookLevel> levels) {
    return levels.stream().map(l -> new BookLevel(l.price(), l.size())).toList();
  }

  @Override
  public Subscription subscribeBook(int market, BookListener listener) {
    BookFollower follower = new BookFollower(market, listener);
    follower.subscription = venue.onBook(market, follower::delta);
    followers.add(follower);
    follower.start();
    return follower;
  }

  @Override
  public Subscription subscribeExecutions(ExecutionListener listener) {
    executionListeners.add(listener);
    return () -> executionListeners.remove(listener);
  }

  // ------------------------------------------------------------------------------ venue events

  /** Trades come before the order events of their group: kept to price the fills. */
  private void trade(TradeRecord t) {
    if (t.takerSide() != null) {
      groupTrades.computeIfAbsent(t.makerOrder(), k -> new ArrayDeque<>()).addLast(t);
      groupTrades.computeIfAbsent(t.takerOrder(), k -> new ArrayDeque<>()).addLast(t);
    }
  }

  private synchronized void orderEvent(OrderEvent e) {
    if (e.sequence() != eventSequence) {
      eventSequence = e.sequence();
      eventIndex = 0;
    }
    ArrayDeque<Request> queue = pending.get(e.orderId());
    Request head = queue == null ? null : queue.peekFirst();
    if (head != null && (head.account() != e.account() || !answers(head, e))) {
      head = null;
    }
    if (head != null) {
      queue.removeFirst();
      if (queue.isEmpty()) {
        pending.remove(e.orderId());
      }
      answered(head, e);
    } else if (ids.known(e.orderId()) && e.order() != null) {
      happened(e);
    }
  }

  private static boolean answers(Request r, OrderEvent e) {
    return switch (e.kind()) {
      case "rejected" -> true;
      case "accepted" -> r.kind() == Kind.PLACE;
      case "amended" -> r.kind() == Kind.AMEND;
      case "cancelled" -> r.kind() == Kind.CANCEL && e.order().reason() == CancelReason.USER;
      default -> false;
    };
  }

  /** The venue's answer to a request made here. */
  private void answered(Request r, OrderEvent e) {
    long orderId = e.orderId();
    if (e.kind().equals("rejected")) {
      ids.release(r.account(), r.clientOrderId());
      if (r.kind() == Kind.PLACE) {
        report(Execution.Type.REJECTED, rejected(r), Optional.empty(), 0, 0, e.code(), e.message());
      } else {
        Optional<OrderState> order =
            Optional.ofNullable(e.order()).filter(o -> ids.known(orderId)).map(this::atEvent);
        emitCancelRejection(
            new CancelRejection(
                r.account(),
                r.clientOrderId(),
                r.origClientOrderId(),
                r.kind() == Kind.AMEND,
                order,
                e.code(),
                e.message()));
      }
      return;
    }
    ids.accept(r.account(), orderId, r.total(), r.clientOrderId());
    Optional<String> orig = Optional.ofNullable(r.origClientOrderId());
    switch (r.kind()) {
      case PLACE -> report(Execution.Type.NEW, atEvent(e.order()), orig, 0, 0, "", "");
      case AMEND -> report(Execution.Type.REPLACED, atEvent(e.order()), orig, 0, 0, "", "");
      case CANCEL -> report(Execution.Type.CANCELLED, atEvent(e.order()), orig, 0, 0, "user", "");
    }
  }

  /** Something that happened to a FIX order without a request from here. */
  private void happened(OrderEvent e) {
    io.stele.exchange.venue.OrderState o = e.order();
    switch (e.kind()) {
      case "trade" -> {
        TradeRecord fill = groupTrades.get(e.orderId()).pollFirst();
        report(
            Execution.Type.TRADE, atEvent(o), Optional.empty(), fill.price(), fill.size(), "", "");
      }
      case "amended" -> {
        ids.updateTotal(o.id(), o.size());
        report(Execution.Type.REPLACED, atEvent(o), Optional.empty(), 0, 0, "", "");
      }
      case "cancelled" -> {
        String reason = o.reason().name().toLowerCase(Locale.ROOT);
        String why =
            switch (o.reason()) {
              case UNFILLED -> "the rest of the order did not rest";
              case SELF_TRADE -> "self-trade prevention took it off the book";
              default -> "";
            };
        report(Execution.Type.CANCELLED, atEvent(o), Optional.empty(), 0, 0, reason, why);
      }
      default -> {
        // "accepted" and "rejected" only answer requests, matched above
      }
    }
  }

  /**
   * The order as of this event: its filled value is the venue's now less the fills of this group
   * still to be reported.
   */
  private OrderState atEvent(io.stele.exchange.venue.OrderState o) {
    long later = 0;
    for (TradeRecord t : groupTrades.getOrDefault(o.id(), new ArrayDeque<>())) {
      later += t.value();
    }
    return state(o, venue.filledValue(o.id()) - later);
  }

  private OrderState state(io.stele.exchange.venue.OrderState o, long filledValue) {
    OrderStatus status =
        switch (o.status()) {
          case OPEN -> o.filled() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.NEW;
          case FILLED -> OrderStatus.FILLED;
          case CANCELLED -> OrderStatus.CANCELLED;
        };
    // Once cancelled, the venue's size is what filled; FIX reports what was ordered.
    long quantity = status.open() ? o.size() : ids.total(o.id()).orElse(o.size());
    return new OrderState(
        o.id(),
        ids.current(o.id()).orElse(""),
        o.account(),
        o.market(),
        o.side(),
        o.type(),
        o.timeInForce(),
        o.price(),
        quantity,
        o.filled(),
        filledValue,
        status);
  }

  private static OrderState rejected(Request r) {
    OrderRequest p = r.place();
    return new OrderState(
        0,
        r.clientOrderId(),
        r.account(),
        p.market(),
        p.side(),
        p.type(),
        p.timeInForce(),
        p.price(),
        p.quantity(),
        0,
        0,
        OrderStatus.REJECTED);
  }

  private void report(
      Execution.Type type,
      OrderState order,
      Optional<String> orig,
      long lastPrice,
      long lastQuantity,
      String code,
      String message) {
    Execution e =
        new Execution(nextExecutionId(), type, order, orig, lastPrice, lastQuantity, code, message);
    executionListeners.forEach(l -> l.execution(e));
  }

  private void emitCancelRejection(CancelRejection r) {
    executionListeners.forEach(l -> l.cancelRejected(r));
  }

  /**
   * The command's journal sequence, then the report's place among the command's reports: unique
   * across restarts, since a journaled command is never applied again.
   */
  private long nextExecutionId() {
    return (eventSequence << EVENT_BITS) | eventIndex++;
  }

  /** After each venue group: its book changes, then the ClOrdIDs it named made durable. */
  private void groupDone(long sequence) {
    for (BookFollower f : followers) {
      f.flush();
    }
    synchronized (this) {
      groupTrades.clear();
      ids.force();
    }
  }

  @Override
  public void close() {
    subscriptions.forEach(Venue.Subscription::close);
    followers.forEach(BookFollower::close);
    synchronized (this) {
      ids.close();
    }
  }

  /**
   * One book subscriber: deltas are held until their group is done, and those the snapshot already
   * contains (by journal sequence) are skipped.
   */
  private final class BookFollower implements Subscription {
    private final int market;
    private final BookListener listener;
    private final List<BookDelta> held = new ArrayList<>();
    private final Map<Side, Map<Long, Long>> levels = new HashMap<>();
    private Venue.Subscription subscription;
    private long since = Long.MAX_VALUE;
    private boolean closed;

    BookFollower(int market, BookListener listener) {
      this.market = market;
      this.listener = listener;
    }

    synchronized void delta(BookDelta d) {
      held.add(d);
    }

    synchronized void start() {
      Depth depth = venue.book(market, Integer.MAX_VALUE);
      for (Side side : Side.values()) {
        levels.put(side, new HashMap<>());
      }
      depth.bids().forEach(l -> levels.get(Side.BUY).put(l.price(), l.size()));
      depth.asks().forEach(l -> levels.get(Side.SELL).put(l.price(), l.size()));
      since = depth.sequence();
      listener.snapshot(snapshot(depth));
    }

    synchronized void flush() {
      if (closed) {
        return;
      }
      for (BookDelta d : held) {
        if (d.sequence() > since) {
          Map<Long, Long> side = levels.get(d.side());
          long was =
              d.size() == 0
                  ? orZero(side.remove(d.price()))
                  : orZero(side.put(d.price(), d.size()));
          if (was != d.size()) {
            listener.levelChanged(d.side(), d.price(), was, d.size());
          }
        }
      }
      held.clear();
    }

    private static long orZero(Long value) {
      return value == null ? 0 : value;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        subscription.close();
        followers.remove(this);
      }
    }
  }
}
