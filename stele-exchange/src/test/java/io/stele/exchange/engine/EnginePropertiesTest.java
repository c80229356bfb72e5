package io.stele.exchange.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Random command sequences on three markets (one per self-trade mode, one batch auction) checked
 * after every command: every asset is conserved, reservations equal what open orders need, books
 * are uncrossed and in price-time order, an amend to a total leaves the total less what the order
 * traded, rejections change nothing, and the whole run is deterministic, also across a snapshot
 * restored half way.
 */
public class EnginePropertiesTest {
  static final int BTC = 0;
  static final int USD = 1;

  public static List<Command> setup() {
    List<Command> out = new ArrayList<>();
    out.add(Command.asset(BTC, 8));
    out.add(Command.asset(USD, 2));
    out.add(Command.market(0, BTC, USD, 100, 1_000_000, 10, 20, SelfTradePrevention.CANCEL_NEWEST));
    out.add(Command.market(1, BTC, USD, 50, 2_000_000, 25, 5, SelfTradePrevention.CANCEL_OLDEST));
    out.add(
        Command.market(2, BTC, USD, 100, 1_000_000, 15, 30, SelfTradePrevention.CANCEL_NEWEST)
            .batch(true));
    for (long account = 1; account <= 3; account++) {
      out.add(Command.deposit(account, BTC, 100_000_000));
      out.add(Command.deposit(account, USD, 2_000_000));
    }
    return out;
  }

  @Property(tries = 150)
  void invariantsHoldAfterEveryCommand(
      @ForAll("commands") @Size(min = 80, max = 300) List<Command> cmds) {
    Engine engine = new Engine(16, 16);
    Recorder out = new Recorder();
    Map<Integer, Long> deposited = new HashMap<>();
    Map<Long, Long> priority = new HashMap<>();
    Map<Long, Long> filled = new HashMap<>();
    long[] clock = {0};
    long trades = 0;
    long fills = 0;
    for (Command c : concat(setup(), cmds)) {
      byte[] before = engine.stateHash();
      engine.apply(c, out);
      List<Recorder.Ev> ev = out.take();
      trades += ev.stream().filter(Recorder.Traded.class::isInstance).count();
      fills += ev.stream().filter(Recorder.Fill.class::isInstance).count();
      for (Recorder.Ev e : ev) {
        if (e instanceof Recorder.Accepted a && a.type() == CommandType.DEPOSIT) {
          deposited.merge(c.asset, c.size, Long::sum);
        } else if (e instanceof Recorder.Accepted a && a.type() == CommandType.WITHDRAW) {
          deposited.merge(c.asset, -c.size, Long::sum);
        } else if (e instanceof Recorder.Accepted a && a.type() == CommandType.PLACE) {
          priority.put(c.orderId, ++clock[0]);
          filled.put(c.orderId, 0L);
        } else if (e instanceof Recorder.Traded t) {
          filled.merge(t.maker(), t.size(), Long::sum);
          filled.merge(t.taker(), t.size(), Long::sum);
        } else if (e instanceof Recorder.Fill f) {
          filled.merge(f.orderId(), f.size(), Long::sum);
        } else if (e instanceof Recorder.Amended a) {
          if (!a.keptPriority()) {
            priority.put(a.orderId(), ++clock[0]);
          }
          if (c.type == CommandType.AMEND_TOTAL) {
            // What remains is the new total less everything the order traded before this amend.
            assertThat(a.size()).isEqualTo(c.size - filled.get(a.orderId()));
          }
        } else if (e instanceof Recorder.Rejected r && r.code().equals("order.total_filled")) {
          assertThat(c.size).isLessThanOrEqualTo(filled.get(c.orderId));
        }
      }
      if (ev.size() == 1 && ev.get(0) instanceof Recorder.Rejected r) {
        Statistics.label("codes").collect(r.code());
        assertThat(engine.stateHash()).as("rejected %s changed the state", c).isEqualTo(before);
      }
      checkConservation(engine, deposited);
      checkReservations(engine);
      checkBooks(engine, priority);
    }
    Statistics.label("trades").collect(trades == 0 ? "none" : trades < 5 ? "1-4" : "5+");
    Statistics.label("auction fills").collect(fills == 0 ? "none" : fills < 5 ? "1-4" : "5+");
    Engine again = new Engine();
    Recorder second = new Recorder();
    Recorder first = new Recorder();
    Engine fresh = new Engine();
    for (Command c : concat(setup(), cmds)) {
      fresh.apply(c, first);
      again.apply(c, second);
    }
    assertThat(second.events).isEqualTo(first.events);
    assertThat(again.stateHash()).isEqualTo(engine.stateHash());
    assertThat(StateDump.write(StateDump.read(StateDump.write(engine))))
        .isEqualTo(StateDump.write(engine));

    // A snapshot taken half way and restored behaves exactly like the engine it came from.
    List<Command> all = concat(setup(), cmds);
    int split = all.size() / 2;
    Engine original = new Engine();
    all.subList(0, split).forEach(c -> original.apply(c, new Recorder()));
    Engine restored = StateDump.read(StateDump.write(original));
    Recorder fromOriginal = new Recorder();
    Recorder fromRestored = new Recorder();
    for (Command c : all.subList(split, all.size())) {
      original.apply(c, fromOriginal);
      restored.apply(c, fromRestored);
    }
    assertThat(fromRestored.events).isEqualTo(fromOriginal.events);
    assertThat(restored.stateHash()).isEqualTo(engine.stateHash());
  }

  private static List<Command> concat(List<Command> a, List<Command> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private static void checkConservation(Engine engine, Map<Integer, Long> deposited) {
    for (int asset : new int[] {BTC, USD}) {
      long sum = 0;
      for (long id : engine.accountIds()) {
        assertThat(engine.available(id, asset)).isNotNegative();
        assertThat(engine.reserved(id, asset)).isNotNegative();
        sum = Math.addExact(sum, engine.available(id, asset) + engine.reserved(id, asset));
      }
      assertThat(sum).as("asset %d conserved", asset).isEqualTo(deposited.getOrDefault(asset, 0L));
      assertThat(engine.supply(asset)).isEqualTo(sum);
    }
  }

  private static void checkReservations(Engine engine) {
    Map<Long, long[]> held = new HashMap<>();
    for (int market = 0; market < 3; market++) {
      if (engine.marketInfo(market).isEmpty()) {
        continue;
      }
      MarketInfo info = engine.marketInfo(market).orElseThrow();
      for (Side side : Side.values()) {
        for (OrderView o : engine.book(market, side)) {
          long expected = side == Side.SELL ? o.size() : buyNeed(info, o);
          assertThat(o.reserved()).as("reservation of %s", o).isEqualTo(expected);
          held.computeIfAbsent(o.account(), k -> new long[2])[side == Side.SELL ? BTC : USD] +=
              o.reserved();
        }
      }
    }
    for (long id : engine.accountIds()) {
      long[] h = held.getOrDefault(id, new long[2]);
      assertThat(engine.reserved(id, BTC)).as("BTC held by %d", id).isEqualTo(h[BTC]);
      assertThat(engine.reserved(id, USD)).as("USD held by %d", id).isEqualTo(h[USD]);
    }
  }

  /** value + floor(value * max fee / 10000), worked out in big integers from the market's terms. */
  private static long buyNeed(MarketInfo m, OrderView o) {
    BigInteger value =
        BigInteger.valueOf(o.price())
            .multiply(BigInteger.valueOf(o.size()))
            .divide(BigInteger.TEN.pow(m.baseDecimals()));
    BigInteger fee =
        value
            .multiply(BigInteger.valueOf(Math.max(m.makerFeeBps(), m.takerFeeBps())))
            .divide(BigInteger.valueOf(10_000));
    return value.add(fee).longValueExact();
  }

  private static void checkBooks(Engine engine, Map<Long, Long> priority) {
    for (int market = 0; market < 3; market++) {
      List<OrderView> bids = engine.book(market, Side.BUY);
      List<OrderView> asks = engine.book(market, Side.SELL);
      // A batch market (2) may be crossed between auctions.
      if (market != 2 && !bids.isEmpty() && !asks.isEmpty()) {
        assertThat(bids.get(0).price())
            .as("book %d crossed", market)
            .isLessThan(asks.get(0).price());
      }
      checkOrder(bids, -1, priority);
      checkOrder(asks, 1, priority);
    }
  }

  private static void checkOrder(List<OrderView> side, int direction, Map<Long, Long> priority) {
    for (int i = 1; i < side.size(); i++) {
      OrderView a = side.get(i - 1);
      OrderView b = side.get(i);
      int cmp = Long.compare(b.price(), a.price()) * direction;
      assertThat(cmp).as("price order of %s then %s", a, b).isNotNegative();
      if (cmp == 0) {
        assertThat(priority.get(b.id()))
            .as("time order at %d", a.price())
            .isGreaterThan(priority.get(a.id()));
      }
    }
  }

  @Provide
  Arbitrary<List<Command>> commands() {
    return commandLists();
  }

  /** Random commands for the markets of {@link #setup()}, valid and invalid alike. */
  public static Arbitrary<List<Command>> commandLists() {
    Arbitrary<Long> account = Arbitraries.longs().between(1, 4);
    Arbitrary<Long> orderId = Arbitraries.longs().between(1, 60);
    Arbitrary<Integer> market = Arbitraries.integers().between(0, 2);
    // Mostly on the tick (multiples of 100 cents), sometimes off it.
    Arbitrary<Long> price =
        Arbitraries.frequencyOf(
            Tuple.of(9, Arbitraries.longs().between(97, 103).map(t -> t * 100)),
            Tuple.of(1, Arbitraries.longs().between(9_500, 10_500)));
    Arbitrary<Long> size =
        Arbitraries.frequencyOf(
            Tuple.of(9, Arbitraries.longs().between(1, 12).map(l -> l * 2_000_000)),
            Tuple.of(1, Arbitraries.longs().between(1, 30_000_000)));
    Arbitrary<Command> deposit =
        Combinators.combine(
                account,
                Arbitraries.integers().between(0, 1),
                Arbitraries.longs().between(1, 50_000_000))
            .as(Command::deposit);
    Arbitrary<Command> withdraw =
        Combinators.combine(
                account,
                Arbitraries.integers().between(0, 1),
                Arbitraries.longs().between(1, 50_000_000))
            .as(Command::withdraw);
    Arbitrary<Command> limit =
        Combinators.combine(
                account,
                orderId,
                market,
                Arbitraries.of(Side.class),
                price,
                size,
                Arbitraries.of(TimeInForce.class),
                Arbitraries.of(true, false, false, false))
            .as(
                (a, o, m, s, p, q, tif, post) ->
                    Command.limit(a, o, m, s, p, q, tif).postOnly(post));
    Arbitrary<Command> marketOrder =
        Combinators.combine(
                account,
                orderId,
                market,
                Arbitraries.of(Side.class),
                size,
                Arbitraries.of(TimeInForce.class))
            .as(Command::marketOrder);
    Arbitrary<Command> cancel = Combinators.combine(account, orderId).as(Command::cancel);
    Arbitrary<Command> amend =
        Combinators.combine(account, orderId, price, size).as(Command::amend);
    Arbitrary<Command> amendTotal =
        Combinators.combine(account, orderId, price, size).as(Command::amendTotal);
    Arbitrary<Command> auction = market.map(Command::auction);
    return Arbitraries.frequencyOf(
            Tuple.of(3, deposit),
            Tuple.of(1, withdraw),
            Tuple.of(8, limit),
            Tuple.of(2, marketOrder),
            Tuple.of(2, cancel),
            Tuple.of(3, amend),
            Tuple.of(2, amendTotal),
            Tuple.of(2, auction))
        .list();
  }
}
