package io.stele.exchange.venue;

import io.stele.exchange.candles.Candle;
import io.stele.exchange.candles.Candles;
import io.stele.exchange.candles.Interval;
import io.stele.exchange.engine.CancelReason;
import io.stele.exchange.engine.Command;
import io.stele.exchange.engine.CommandType;
import io.stele.exchange.engine.Engine;
import io.stele.exchange.engine.EventSink;
import io.stele.exchange.engine.MarketInfo;
import io.stele.exchange.engine.OrderView;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.StateDump;
import io.stele.exchange.journal.JournalReader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The venue's query side: a replica engine that applies every journaled command after the pipeline,
 * in the same order (the engine is deterministic, so it holds the same state), and the views kept
 * from its events: orders by account, recent trades, book depth, candles. Written by the venue's
 * input thread only; read by any thread under a read lock.
 */
final class VenueState {
  /** Closed orders remembered per account, besides the open ones. */
  static final int CLOSED_PER_ACCOUNT = 100;

  /** Recent trades remembered per market. */
  static final int TRADES_PER_MARKET = 1000;

  /** What one batch of commands did, for the requesters and the listeners. */
  record Applied(
      List<Outcome> outcomes,
      List<TradeRecord> trades,
      List<BookDelta> deltas,
      List<OrderEvent> orderEvents) {}

  private static final class OrderRecord {
    final long id;
    final long account;
    final Command placed;
    long price;
    long filled;
    long filledValue;
    long remaining;
    OrderStatus status = OrderStatus.OPEN;
    CancelReason reason;

    OrderRecord(Command c) {
      this.id = c.orderId;
      this.account = c.account;
      this.placed = new Command().copyFrom(c);
      this.price = c.price;
      this.remaining = c.size;
    }

    OrderState state() {
      return new OrderState(
          id,
          account,
          placed.market,
          placed.side,
          placed.orderType,
          placed.timeInForce,
          placed.postOnly,
          price,
          filled + remaining,
          filled,
          remaining,
          status,
          reason,
          placed.timestamp);
    }
  }

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Engine engine = new Engine();
  private final Candles candles = new Candles();
  private final Map<Long, OrderRecord> orders = new HashMap<>();
  private final Map<Long, LinkedHashMap<Long, OrderRecord>> byAccount = new HashMap<>();
  private final Map<Long, ArrayDeque<Long>> closedByAccount = new HashMap<>();
  private final Map<Integer, ArrayDeque<TradeRecord>> trades = new HashMap<>();
  private final Map<Integer, Map<Side, List<BookLevel>>> depth = new HashMap<>();
  private final Collector collector = new Collector();
  private long lastSequence;
  private long lastSealedBatch;

  /** Rebuilds the state and views from a whole journal (the journal is never cut at the front). */
  void replay(Path journal) {
    lock.writeLock().lock();
    try {
      JournalReader.read(
          journal,
          c -> {
            applyOne(c);
            collector.allTrades.clear();
            collector.events.clear();
          });
      finish();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Applies commands the pipeline has journaled and applied, in their sequence order. */
  Applied apply(Command[] batch, int count) {
    lock.writeLock().lock();
    try {
      List<Outcome> outcomes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        outcomes.add(applyOne(batch[i]));
      }
      List<BookDelta> deltas = finish();
      Applied applied =
          new Applied(
              outcomes, List.copyOf(collector.allTrades), deltas, List.copyOf(collector.events));
      collector.allTrades.clear();
      collector.events.clear();
      return applied;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private Outcome applyOne(Command c) {
    collector.begin(c);
    engine.apply(c, collector);
    lastSequence = c.sequence;
    if (c.type == CommandType.AUCTION) {
      lastSealedBatch = Math.max(lastSealedBatch, c.orderId);
    }
    Optional<OrderState> order = Optional.empty();
    if (c.type.namesOrder()) {
      OrderRecord record = orders.get(c.orderId);
      if (record != null && record.account == c.account) {
        order = Optional.of(record.state());
      }
    }
    return new Outcome(c.sequence, collector.code, collector.message, order, collector.trades);
  }

  /** Recomputes the depth of the markets touched since the last call; returns what changed. */
  private List<BookDelta> finish() {
    List<BookDelta> deltas = new ArrayList<>();
    for (int market : collector.touched) {
      Map<Side, List<BookLevel>> sides = depth.computeIfAbsent(market, m -> new HashMap<>());
      for (Side side : Side.values()) {
        List<BookLevel> before = sides.getOrDefault(side, List.of());
        List<BookLevel> after = levels(engine.book(market, side));
        sides.put(side, after);
        diff(market, side, before, after, deltas);
      }
    }
    collector.touched.clear();
    return deltas;
  }

  private static List<BookLevel> levels(List<OrderView> book) {
    LinkedHashMap<Long, Long> sizes = new LinkedHashMap<>();
    for (OrderView order : book) {
      sizes.merge(order.price(), order.size(), Long::sum);
    }
    List<BookLevel> levels = new ArrayList<>(sizes.size());
    sizes.forEach((price, size) -> levels.add(new BookLevel(price, size)));
    return levels;
  }

  private void diff(
      int market, Side side, List<BookLevel> before, List<BookLevel> after, List<BookDelta> out) {
    Map<Long, Long> old = new HashMap<>();
    before.forEach(l -> old.put(l.price(), l.size()));
    for (BookLevel level : after) {
      Long previous = old.remove(level.price());
      if (previous == null || previous != level.size()) {
        out.add(new BookDelta(lastSequence, market, side, level.price(), level.size()));
      }
    }
    old.keySet().stream()
        .sorted()
        .forEach(price -> out.add(new BookDelta(lastSequence, market, side, price, 0)));
  }

  // ------------------------------------------------------------------------------ queries

  Optional<Integer> assetDecimals(int asset) {
    lock.readLock().lock();
    try {
      return engine.assetDecimals(asset);
    } finally {
      lock.readLock().unlock();
    }
  }

  Optional<MarketInfo> marketInfo(int market) {
    lock.readLock().lock();
    try {
      return engine.marketInfo(market);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The last sealed batch whose commands the journal holds: the one its auctions name. */
  long lastSealedBatch() {
    lock.readLock().lock();
    try {
      return lastSealedBatch;
    } finally {
      lock.readLock().unlock();
    }
  }

  long lastSequence() {
    lock.readLock().lock();
    try {
      return lastSequence;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The replica's canonical state dump ({@link StateDump}). */
  byte[] dump() {
    lock.readLock().lock();
    try {
      return StateDump.write(engine);
    } finally {
      lock.readLock().unlock();
    }
  }

  byte[] stateHash() {
    lock.readLock().lock();
    try {
      return engine.stateHash();
    } finally {
      lock.readLock().unlock();
    }
  }

  Optional<OrderState> order(long id) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(orders.get(id)).map(OrderRecord::state);
    } finally {
      lock.readLock().unlock();
    }
  }

  long filledValue(long id) {
    lock.readLock().lock();
    try {
      OrderRecord record = orders.get(id);
      return record == null ? 0 : record.filledValue;
    } finally {
      lock.readLock().unlock();
    }
  }

  List<OrderState> orders(long account) {
    lock.readLock().lock();
    try {
      List<OrderState> out = new ArrayList<>();
      byAccount
          .getOrDefault(account, new LinkedHashMap<>())
          .values()
          .forEach(r -> out.add(r.state()));
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  List<Balance> balances(long account, int assets) {
    lock.readLock().lock();
    try {
      List<Balance> out = new ArrayList<>();
      for (int asset = 1; asset <= assets; asset++) {
        long available = engine.available(account, asset);
        long reserved = engine.reserved(account, asset);
        if (available != 0 || reserved != 0) {
          out.add(new Balance(asset, available, reserved));
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  Depth depth(int market, int levels) {
    lock.readLock().lock();
    try {
      Map<Side, List<BookLevel>> sides = depth.getOrDefault(market, Map.of());
      return new Depth(
          lastSequence,
          market,
          head(sides.getOrDefault(Side.BUY, List.of()), levels),
          head(sides.getOrDefault(Side.SELL, List.of()), levels));
    } finally {
      lock.readLock().unlock();
    }
  }

  private static List<BookLevel> head(List<BookLevel> levels, int n) {
    return levels.subList(0, Math.min(n, levels.size()));
  }

  /** The newest trades of a market, newest first. */
  List<TradeRecord> trades(int market, int limit) {
    lock.readLock().lock();
    try {
      List<TradeRecord> out = new ArrayList<>();
      var it = trades.getOrDefault(market, new ArrayDeque<>()).descendingIterator();
      while (it.hasNext() && out.size() < limit) {
        out.add(it.next());
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The newest candles of a market, oldest first. */
  List<Candle> candles(int market, Interval interval, int limit) {
    lock.readLock().lock();
    try {
      List<Candle> all = candles.candles(market, interval);
      return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    } finally {
      lock.readLock().unlock();
    }
  }

  // ------------------------------------------------------------------------------ events

  private void remember(OrderRecord record) {
    OrderRecord replaced = orders.put(record.id, record);
    if (replaced != null) {
      byAccount.get(replaced.account).remove(replaced.id);
    }
    byAccount.computeIfAbsent(record.account, a -> new LinkedHashMap<>()).put(record.id, record);
  }

  private void closed(OrderRecord record) {
    ArrayDeque<Long> closed =
        closedByAccount.computeIfAbsent(record.account, a -> new ArrayDeque<>());
    closed.addLast(record.id);
    while (closed.size() > CLOSED_PER_ACCOUNT) {
      long id = closed.pollFirst();
      OrderRecord old = byAccount.get(record.account).get(id);
      if (old != null && old.status != OrderStatus.OPEN) {
        byAccount.get(record.account).remove(id);
        orders.remove(id, old);
      }
    }
  }

  private final class Collector implements EventSink {
    final List<TradeRecord> allTrades = new ArrayList<>();
    final List<OrderEvent> events = new ArrayList<>();
    final TreeSet<Integer> touched = new TreeSet<>();
    List<TradeRecord> trades;
    Command command;
    String code;
    String message;

    void begin(Command c) {
      command = c;
      code = Outcome.ACCEPTED;
      message = "";
      trades = new ArrayList<>();
      if (c.type == CommandType.PLACE || c.type == CommandType.AUCTION) {
        touched.add(c.market);
      }
    }

    @Override
    public void accepted(Command c) {
      if (c.type == CommandType.PLACE) {
        OrderRecord record = new OrderRecord(c);
        remember(record);
        event(record, "accepted");
      }
    }

    @Override
    public void rejected(Command c, String rejectCode, String rejectMessage) {
      code = rejectCode;
      message = rejectMessage;
      if (c.type.namesOrder()) {
        OrderRecord record = orders.get(c.orderId);
        OrderState state = record != null && record.account == c.account ? record.state() : null;
        events.add(
            new OrderEvent(c.sequence, c.account, c.orderId, "rejected", state, code, message));
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
      candles.trade(
          timestamp,
          market,
          makerOrderId,
          makerAccount,
          takerOrderId,
          takerAccount,
          takerSide,
          price,
          size,
          quoteAmount,
          makerFee,
          takerFee);
      record(
          new TradeRecord(
              command.sequence,
              timestamp,
              market,
              price,
              size,
              quoteAmount,
              takerSide,
              makerOrderId,
              takerOrderId));
      fill(makerOrderId, size, quoteAmount);
      fill(takerOrderId, size, quoteAmount);
    }

    @Override
    public void auction(long timestamp, int market, long price, long size) {
      record(new TradeRecord(command.sequence, timestamp, market, price, size, 0, null, 0, 0));
    }

    @Override
    public void auctionFill(
        long timestamp,
        int market,
        long orderId,
        long account,
        Side side,
        long price,
        long size,
        long value,
        long fee) {
      fill(orderId, size, value);
    }

    @Override
    public void cancelled(
        long orderId, long account, int market, long remainingSize, CancelReason reason) {
      touched.add(market);
      OrderRecord record = orders.get(orderId);
      if (record != null) {
        record.status = OrderStatus.CANCELLED;
        record.reason = reason;
        record.remaining = 0;
        closed(record);
        event(record, "cancelled");
      }
    }

    @Override
    public void amended(
        long orderId, long account, int market, long price, long size, boolean keptPriority) {
      touched.add(market);
      OrderRecord record = orders.get(orderId);
      if (record != null) {
        record.price = price;
        record.remaining = size;
        event(record, "amended");
      }
    }

    private void record(TradeRecord trade) {
      touched.add(trade.market());
      trades.add(trade);
      allTrades.add(trade);
      ArrayDeque<TradeRecord> recent =
          VenueState.this.trades.computeIfAbsent(trade.market(), m -> new ArrayDeque<>());
      recent.addLast(trade);
      if (recent.size() > TRADES_PER_MARKET) {
        recent.pollFirst();
      }
    }

    private void fill(long orderId, long size, long value) {
      OrderRecord record = orders.get(orderId);
      if (record == null) {
        return;
      }
      record.filled += size;
      record.filledValue += value;
      record.remaining -= size;
      if (record.remaining == 0) {
        record.status = OrderStatus.FILLED;
        closed(record);
      }
      event(record, "trade");
    }

    private void event(OrderRecord record, String kind) {
      events.add(
          new OrderEvent(
              command.sequence, record.account, record.id, kind, record.state(), null, null));
    }
  }
}
