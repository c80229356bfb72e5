package io.stele.api.fix;

import io.stele.exchange.engine.CancelReason;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.OrderView;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.engine.Side;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The FIX port over a bare engine, for tests: one lock around everything, listeners called on the
 * caller's thread. One market, BTC-USD (id 0): BTC with 8 decimals, USD with 2, tick 1.00 USD, lot
 * 0.01 BTC, no fees.
 */
final class EngineVenue implements FixVenue {
  static final int MARKET = 0;
  static final String SYMBOL = "BTC-USD";
  static final int BTC = 0;
  static final int USD = 1;

  private final Engine engine = new Engine();
  private final ListedMarket listed;
  private final List<ExecutionListener> executionListeners = new ArrayList<>();
  private final List<BookListener> bookListeners = new ArrayList<>();
  private final Map<Long, OrderState> orders = new HashMap<>();
  private final Map<String, Long> byClientId = new HashMap<>();
  private final Map<Side, Map<Long, Long>> levels = new HashMap<>();
  private final Sink sink = new Sink();
  private long lastOrderId;
  private long lastExecutionId;
  private int commands;

  /** What the command being applied was asked as. */
  private Request current;

  private record Request(
      long account, String clientOrderId, String origClientOrderId, long quantity, boolean amend) {}

  EngineVenue() {
    apply(Command.asset(BTC, 8));
    apply(Command.asset(USD, 2));
    apply(
        Command.market(MARKET, BTC, USD, 100, 1_000_000, 0, 0, SelfTradePrevention.CANCEL_NEWEST));
    listed = new ListedMarket(SYMBOL, engine.marketInfo(MARKET).orElseThrow());
    levels.put(Side.BUY, Map.of());
    levels.put(Side.SELL, Map.of());
  }

  synchronized void deposit(long account, int asset, long amount) {
    apply(Command.deposit(account, asset, amount));
  }

  /** Commands the engine has been given, set-up included: a refusal before the venue adds none. */
  synchronized int commands() {
    return commands;
  }

  private void apply(Command c) {
    commands++;
    engine.apply(c, sink);
  }

  @Override
  public Optional<ListedMarket> market(String symbol) {
    return symbol.equals(SYMBOL) ? Optional.of(listed) : Optional.empty();
  }

  @Override
  public Optional<ListedMarket> market(int id) {
    return id == MARKET ? Optional.of(listed) : Optional.empty();
  }

  @Override
  public synchronized void place(long account, OrderRequest r) {
    OrderState state =
        new OrderState(
            ++lastOrderId,
            r.clientOrderId(),
            account,
            r.market(),
            r.side(),
            r.type(),
            r.timeInForce(),
            r.price(),
            r.quantity(),
            0,
            0,
            OrderStatus.NEW);
    if (byClientId.containsKey(key(account, r.clientOrderId()))) {
      reject(state, "order.duplicate_client_id", "ClOrdID " + r.clientOrderId() + " was used");
      return;
    }
    orders.put(state.orderId(), state);
    current = new Request(account, r.clientOrderId(), null, r.quantity(), false);
    Command c =
        r.type() == OrderType.LIMIT
            ? Command.limit(
                account,
                state.orderId(),
                r.market(),
                r.side(),
                r.price(),
                r.quantity(),
                r.timeInForce())
            : Command.marketOrder(
                account, state.orderId(), r.market(), r.side(), r.quantity(), r.timeInForce());
    apply(c.postOnly(r.postOnly()));
    publishBook();
  }

  @Override
  public synchronized void cancel(long account, String orig, String clientOrderId) {
    Optional<OrderState> order = order(account, orig);
    if (refusedRequest(account, orig, clientOrderId, order, false)) {
      return;
    }
    current = new Request(account, clientOrderId, orig, 0, false);
    apply(Command.cancel(account, order.get().orderId()));
    publishBook();
  }

  @Override
  public synchronized void amend(
      long account, String orig, String clientOrderId, long price, long quantity) {
    Optional<OrderState> order = order(account, orig);
    if (refusedRequest(account, orig, clientOrderId, order, true)) {
      return;
    }
    current = new Request(account, clientOrderId, orig, quantity, true);
    apply(Command.amendTotal(account, order.get().orderId(), price, quantity));
    publishBook();
  }

  private boolean refusedRequest(
      long account, String orig, String clientOrderId, Optional<OrderState> order, boolean amend) {
    String code = null;
    String message = null;
    if (order.isEmpty()) {
      code = "order.unknown";
      message = "no order has ClOrdID " + orig;
    } else if (byClientId.containsKey(key(account, clientOrderId))) {
      code = "order.duplicate_client_id";
      message = "ClOrdID " + clientOrderId + " was used";
    }
    if (code != null) {
      cancelRejected(
          new CancelRejection(account, clientOrderId, orig, amend, order, code, message));
    }
    return code != null;
  }

  @Override
  public synchronized Optional<OrderState> order(long account, String clientOrderId) {
    Long id = byClientId.get(key(account, clientOrderId));
    return id == null ? Optional.empty() : Optional.of(orders.get(id));
  }

  @Override
  public synchronized BookSnapshot book(int market) {
    return new BookSnapshot(market, side(Side.BUY), side(Side.SELL));
  }

  private List<BookLevel> side(Side side) {
    List<BookLevel> out = new ArrayList<>();
    aggregate(side).forEach((price, quantity) -> out.add(new BookLevel(price, quantity)));
    return out;
  }

  private Map<Long, Long> aggregate(Side side) {
    Map<Long, Long> out = new LinkedHashMap<>();
    for (OrderView o : engine.book(MARKET, side)) {
      out.merge(o.price(), o.size(), Long::sum);
    }
    return out;
  }

  @Override
  public synchronized Subscription subscribeBook(int market, BookListener listener) {
    listener.snapshot(book(market));
    bookListeners.add(listener);
    return () -> {
      synchronized (this) {
        bookListeners.remove(listener);
      }
    };
  }

  @Override
  public synchronized Subscription subscribeExecutions(ExecutionListener listener) {
    executionListeners.add(listener);
    return () -> {
      synchronized (this) {
        executionListeners.remove(listener);
      }
    };
  }

  private void publishBook() {
    for (Side side : Side.values()) {
      Map<Long, Long> before = levels.get(side);
      Map<Long, Long> after = aggregate(side);
      Set<Long> prices = new LinkedHashSet<>(before.keySet());
      prices.addAll(after.keySet());
      for (long price : prices) {
        long was = before.getOrDefault(price, 0L);
        long now = after.getOrDefault(price, 0L);
        if (was != now) {
          bookListeners.forEach(l -> l.levelChanged(side, price, was, now));
        }
      }
      levels.put(side, after);
    }
  }

  private static String key(long account, String clientOrderId) {
    return account + "/" + clientOrderId;
  }

  private void reject(OrderState state, String code, String message) {
    OrderState rejected = with(state, 0, state.clientOrderId(), OrderStatus.REJECTED);
    executionListeners.forEach(
        l ->
            l.execution(
                new Execution(
                    ++lastExecutionId,
                    Execution.Type.REJECTED,
                    rejected,
                    Optional.empty(),
                    0,
                    0,
                    code,
                    message)));
  }

  private void cancelRejected(CancelRejection r) {
    executionListeners.forEach(l -> l.cancelRejected(r));
  }

  private void report(
      Execution.Type type, OrderState state, Optional<String> orig, long price, long qty) {
    report(type, state, orig, price, qty, "", "");
  }

  private void report(
      Execution.Type type,
      OrderState state,
      Optional<String> orig,
      long price,
      long qty,
      String code,
      String message) {
    orders.put(state.orderId(), state);
    Execution e = new Execution(++lastExecutionId, type, state, orig, price, qty, code, message);
    executionListeners.forEach(l -> l.execution(e));
  }

  private static OrderState with(
      OrderState s, long orderId, String clientOrderId, OrderStatus status) {
    return new OrderState(
        orderId,
        clientOrderId,
        s.account(),
        s.market(),
        s.side(),
        s.type(),
        s.timeInForce(),
        s.price(),
        s.quantity(),
        s.filledQuantity(),
        s.filledValue(),
        status);
  }

  /** Turns engine events into order states and executions. */
  private final class Sink implements EventSink {
    @Override
    public void accepted(Command c) {
      if (c.orderId == 0) {
        return; // set-up commands
      }
      OrderState s = orders.get(c.orderId);
      byClientId.put(key(c.account, s.clientOrderId()), s.orderId());
      report(Execution.Type.NEW, s, Optional.empty(), 0, 0);
    }

    @Override
    public void rejected(Command c, String code, String message) {
      if (c.orderId == 0) {
        throw new IllegalStateException(code + ": " + message);
      }
      OrderState s = orders.get(c.orderId);
      if (current.origClientOrderId() == null) {
        orders.remove(c.orderId);
        reject(s, code, message);
      } else {
        cancelRejected(
            new CancelRejection(
                current.account(),
                current.clientOrderId(),
                current.origClientOrderId(),
                current.amend(),
                Optional.of(s),
                code,
                message));
      }
    }

    @Override
    public void trade(
        long timestamp,
        int market,
        long makerOrderId,
        long makerAccount,
        long takerOrderId,
        long takerAccount,
        Side takerSide,
        long price,
        long size,
        long quoteAmount,
        long makerFee,
        long takerFee) {
      fill(makerOrderId, price, size, quoteAmount);
      fill(takerOrderId, price, size, quoteAmount);
    }

    private void fill(long orderId, long price, long size, long value) {
      OrderState s = orders.get(orderId);
      long filled = s.filledQuantity() + size;
      OrderState after =
          new OrderState(
              s.orderId(),
              s.clientOrderId(),
              s.account(),
              s.market(),
              s.side(),
              s.type(),
              s.timeInForce(),
              s.price(),
              s.quantity(),
              filled,
              s.filledValue() + value,
              filled == s.quantity() ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED);
      report(Execution.Type.TRADE, after, Optional.empty(), price, size);
    }

    @Override
    public void cancelled(
        long orderId, long account, int market, long remainingSize, CancelReason reason) {
      OrderState s = orders.get(orderId);
      boolean asked = reason == CancelReason.USER;
      String clientOrderId = asked ? current.clientOrderId() : s.clientOrderId();
      if (asked) {
        byClientId.put(key(account, clientOrderId), orderId);
      }
      report(
          Execution.Type.CANCELLED,
          with(s, orderId, clientOrderId, OrderStatus.CANCELLED),
          asked ? Optional.of(current.origClientOrderId()) : Optional.empty(),
          0,
          0,
          reason.name().toLowerCase(java.util.Locale.ROOT),
          asked ? "" : "the rest of the order did not rest");
    }

    @Override
    public void amended(
        long orderId, long account, int market, long price, long size, boolean keptPriority) {
      OrderState s = orders.get(orderId);
      byClientId.put(key(account, current.clientOrderId()), orderId);
      OrderState after =
          new OrderState(
              orderId,
              current.clientOrderId(),
              account,
              market,
              s.side(),
              s.type(),
              s.timeInForce(),
              price,
              current.quantity(),
              s.filledQuantity(),
              s.filledValue(),
              s.status());
      report(Execution.Type.REPLACED, after, Optional.of(current.origClientOrderId()), 0, 0);
    }
  }
}
