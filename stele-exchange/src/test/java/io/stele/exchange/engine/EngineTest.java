package io.stele.exchange.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.exchange.engine.Recorder.Accepted;
import io.stele.exchange.engine.Recorder.Amended;
import io.stele.exchange.engine.Recorder.Cancelled;
import io.stele.exchange.engine.Recorder.Ev;
import io.stele.exchange.engine.Recorder.Rejected;
import io.stele.exchange.engine.Recorder.Traded;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked scenarios on one market: BTC (8 decimals) against USD (2 decimals), tick 1.00 USD,
 * lot 0.01 BTC, so one lot at one tick is worth 1 cent. Maker fee 10 bps, taker fee 20 bps.
 */
class EngineTest {
  static final int BTC = 0;
  static final int USD = 1;
  static final int MKT = 7;
  static final long TICK = 100; // 1.00 USD in cents
  static final long LOT = 1_000_000; // 0.01 BTC in satoshi
  static final long BTC1 = 100_000_000;

  Engine engine;
  Recorder out;

  @BeforeEach
  void market() {
    engine = new Engine();
    out = new Recorder();
    run(Command.asset(BTC, 8));
    run(Command.asset(USD, 2));
    run(Command.market(MKT, BTC, USD, TICK, LOT, 10, 20, SelfTradePrevention.CANCEL_NEWEST));
    run(Command.deposit(1, BTC, BTC1));
    run(Command.deposit(2, USD, 10_000_000)); // 100,000.00 USD
    run(Command.deposit(3, BTC, BTC1));
    out.take();
  }

  List<Ev> run(Command c) {
    engine.apply(c, out);
    return out.take();
  }

  static long usd(long dollars) {
    return dollars * 100;
  }

  @Test
  void aCrossingBuyTradesAtTheMakerPriceAndPaysFeesRoundedDown() {
    run(Command.limit(1, 10, MKT, Side.SELL, usd(30_000), BTC1 / 2, TimeInForce.GTC));
    List<Ev> ev = run(Command.limit(2, 20, MKT, Side.BUY, usd(30_100), BTC1 / 5, TimeInForce.GTC));
    // 0.2 BTC at 30,000.00 = 6,000.00 USD; maker fee 0.10% = 6.00, taker fee 0.20% = 12.00.
    assertThat(ev)
        .containsExactly(
            new Accepted(CommandType.PLACE, 20),
            new Traded(10, 1, 20, 2, Side.BUY, usd(30_000), BTC1 / 5, 600_000, 600, 1_200));
    assertThat(engine.available(2, USD)).isEqualTo(10_000_000 - 600_000 - 1_200);
    assertThat(engine.reserved(2, USD)).isZero();
    assertThat(engine.available(2, BTC)).isEqualTo(BTC1 / 5);
    assertThat(engine.available(1, BTC)).isEqualTo(BTC1 / 2);
    assertThat(engine.reserved(1, BTC)).isEqualTo(BTC1 * 3 / 10);
    assertThat(engine.available(1, USD)).isEqualTo(600_000 - 600);
    assertThat(engine.available(Engine.FEE_ACCOUNT, USD)).isEqualTo(1_800);
  }

  @Test
  void feesRoundDownAndTheRemainderStaysWithTheTrader() {
    run(Command.limit(1, 10, MKT, Side.SELL, usd(3), LOT * 3, TimeInForce.GTC));
    List<Ev> ev = run(Command.limit(2, 20, MKT, Side.BUY, usd(3), LOT * 3, TimeInForce.GTC));
    // 3 lots at 3 ticks = 9 cents: 10 bps of 9 cents is 0.009 cents, rounded down to 0.
    assertThat(ev).contains(new Traded(10, 1, 20, 2, Side.BUY, usd(3), LOT * 3, 9, 0, 0));
    assertThat(engine.available(1, USD)).isEqualTo(9);
  }

  @Test
  void aRestingBuyHoldsItsValuePlusTheLargestFeeAndACancelReleasesIt() {
    run(Command.limit(2, 20, MKT, Side.BUY, usd(20_000), BTC1 / 10, TimeInForce.GTC));
    // 0.1 BTC at 20,000.00 = 2,000.00 USD, plus 0.20% = 4.00.
    assertThat(engine.reserved(2, USD)).isEqualTo(200_400);
    assertThat(engine.available(2, USD)).isEqualTo(10_000_000 - 200_400);
    assertThat(run(Command.cancel(2, 20)))
        .containsExactly(new Cancelled(20, BTC1 / 10, CancelReason.USER));
    assertThat(engine.reserved(2, USD)).isZero();
    assertThat(engine.available(2, USD)).isEqualTo(10_000_000);
  }

  @Test
  void ordersAtOnePriceFillOldestFirst() {
    run(Command.limit(3, 30, MKT, Side.SELL, usd(100), LOT, TimeInForce.GTC));
    run(Command.limit(1, 10, MKT, Side.SELL, usd(100), LOT, TimeInForce.GTC));
    run(Command.limit(1, 11, MKT, Side.SELL, usd(99), LOT, TimeInForce.GTC));
    List<Ev> ev = run(Command.limit(2, 20, MKT, Side.BUY, usd(100), LOT * 2, TimeInForce.GTC));
    assertThat(ev.stream().filter(Traded.class::isInstance).map(e -> ((Traded) e).maker()))
        .containsExactly(11L, 30L);
    assertThat(engine.book(MKT, Side.SELL)).extracting(OrderView::id).containsExactly(10L);
  }

  @Test
  void aSmallerSizeKeepsPriorityAndANewPriceLosesIt() {
    run(Command.limit(1, 10, MKT, Side.SELL, usd(100), LOT * 5, TimeInForce.GTC));
    run(Command.limit(3, 30, MKT, Side.SELL, usd(100), LOT * 5, TimeInForce.GTC));
    assertThat(run(Command.amend(1, 10, usd(100), LOT * 2)))
        .containsExactly(new Amended(10, usd(100), LOT * 2, true));
    assertThat(engine.book(MKT, Side.SELL)).extracting(OrderView::id).containsExactly(10L, 30L);
    assertThat(engine.reserved(1, BTC)).isEqualTo(LOT * 2);

    run(Command.amend(1, 10, usd(101), LOT * 2));
    run(Command.amend(1, 10, usd(100), LOT * 2));
    assertThat(engine.book(MKT, Side.SELL)).extracting(OrderView::id).containsExactly(30L, 10L);
  }

  @Test
  void aLargerSizeAtTheSamePriceLosesPriority() {
    run(Command.limit(1, 10, MKT, Side.SELL, usd(100), LOT, TimeInForce.GTC));
    run(Command.limit(3, 30, MKT, Side.SELL, usd(100), LOT, TimeInForce.GTC));
    assertThat(run(Command.amend(1, 10, usd(100), LOT * 2)))
        .containsExactly(new Amended(10, usd(100), LOT * 2, false));
    assertThat(engine.book(MKT, Side.SELL)).extracting(OrderView::id).containsExactly(30L, 10L);
  }

  @Test
  void anAmendToATotalCountsAFillThatLandsBeforeItIsApplied() {
    run(Command.limit(1, 10, MKT, Side.SELL, usd(100), LOT * 10, TimeInForce.GTC));
    run(Command.limit(3, 30, MKT, Side.SELL, usd(100), LOT * 10, TimeInForce.GTC));
    // The client asks for a total of 8 lots while nothing has filled; 3 lots fill before its turn.
    Command amend = Command.amendTotal(1, 10, usd(100), LOT * 8);
    run(Command.limit(2, 20, MKT, Side.BUY, usd(100), LOT * 3, TimeInForce.IOC));
    // 8 ordered in total, 3 of them filled: 5 remain, and a smaller size keeps the queue place.
    assertThat(run(amend)).containsExactly(new Amended(10, usd(100), LOT * 5, true));
    assertThat(engine.book(MKT, Side.SELL)).extracting(OrderView::id).containsExactly(10L, 30L);
    assertThat(engine.order(10).orElseThrow().size()).isEqualTo(LOT * 5);
    assertThat(engine.reserved(1, BTC)).isEqualTo(LOT * 5);
    assertThat(engine.available(1, BTC)).isEqualTo(BTC1 - LOT * 8);
  }

  @Test
  void anAmendToATotalAtANewPriceLosesPriority() {
    run(Command.limit(1, 10, MKT, Side.SELL, usd(100), LOT * 4, TimeInForce.GTC));
    run(Command.limit(3, 30, MKT, Side.SELL, usd(100), LOT * 4, TimeInForce.GTC));
    run(Command.limit(2, 20, MKT, Side.BUY, usd(100), LOT, TimeInForce.IOC));
    run(Command.amendTotal(1, 10, usd(101), LOT * 4));
    run(Command.amendTotal(1, 10, usd(100), LOT * 4));
    // Filled 1 of a total of 4: 3 remain, now behind order 30.
    assertThat(engine.book(MKT, Side.SELL))
        .extracting(OrderView::id, OrderView::size)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(30L, LOT * 4),
            org.assertj.core.groups.Tuple.tuple(10L, LOT * 3));
  }

  @Test
  void anAmendToATotalNotAboveWhatFilledIsRefusedAndChangesNothing() {
    run(Command.limit(1, 10, MKT, Side.SELL, usd(100), LOT * 5, TimeInForce.GTC));
    run(Command.limit(2, 20, MKT, Side.BUY, usd(100), LOT * 2, TimeInForce.IOC));
    byte[] before = engine.stateHash();
    assertThat(code(Command.amendTotal(1, 10, usd(100), LOT * 2))).isEqualTo("order.total_filled");
    assertThat(code(Command.amendTotal(1, 10, usd(99), LOT))).isEqualTo("order.total_filled");
    assertThat(code(Command.amendTotal(1, 10, usd(100), LOT * 5))).isEqualTo("order.unchanged");
    assertThat(engine.stateHash()).isEqualTo(before);
    assertThat(run(Command.amendTotal(1, 10, usd(100), LOT * 3)))
        .containsExactly(new Amended(10, usd(100), LOT, true));
  }

  @Test
  void anAmendThatCrossesTrades() {
    run(Command.limit(1, 10, MKT, Side.SELL, usd(101), LOT, TimeInForce.GTC));
    run(Command.limit(2, 20, MKT, Side.BUY, usd(100), LOT, TimeInForce.GTC));
    List<Ev> ev = run(Command.amend(2, 20, usd(101), LOT));
    assertThat(ev).hasSize(2);
    assertThat(ev.get(1)).isInstanceOf(Traded.class);
    assertThat(engine.book(MKT, Side.SELL)).isEmpty();
    assertThat(engine.book(MKT, Side.BUY)).isEmpty();
  }

  @Test
  void iocCancelsWhatDoesNotFill() {
    run(Command.limit(1, 10, MKT, Side.SELL, usd(100), LOT, TimeInForce.GTC));
    List<Ev> ev = run(Command.limit(2, 20, MKT, Side.BUY, usd(100), LOT * 3, TimeInForce.IOC));
    assertThat(ev.get(ev.size() - 1)).isEqualTo(new Cancelled(20, LOT * 2, CancelReason.UNFILLED));
    assertThat(engine.book(MKT, Side.BUY)).isEmpty();
    assertThat(engine.reserved(2, USD)).isZero();
  }

  @Test
  void aMarketBuyPaysExactlyWhatItTakes() {
    run(Command.limit(1, 10, MKT, Side.SELL, usd(100), LOT, TimeInForce.GTC));
    run(Command.limit(3, 30, MKT, Side.SELL, usd(200), LOT, TimeInForce.GTC));
    run(Command.marketOrder(2, 20, MKT, Side.BUY, LOT * 3, TimeInForce.IOC));
    // 100 + 200 cents, taker fee 0.20% of each rounds down to 0.
    assertThat(engine.available(2, USD)).isEqualTo(10_000_000 - 300);
    assertThat(engine.available(2, BTC)).isEqualTo(LOT * 2);
  }

  @Test
  void fillOrKillFillsCompletelyOrChangesNothing() {
    run(Command.limit(1, 10, MKT, Side.SELL, usd(100), LOT, TimeInForce.GTC));
    byte[] before = engine.stateHash();
    assertThat(run(Command.limit(2, 20, MKT, Side.BUY, usd(100), LOT * 2, TimeInForce.FOK)))
        .singleElement()
        .isInstanceOfSatisfying(
            Rejected.class, r -> assertThat(r.code()).isEqualTo("order.fok_unfillable"));
    assertThat(engine.stateHash()).isEqualTo(before);
    assertThat(run(Command.limit(2, 21, MKT, Side.BUY, usd(100), LOT, TimeInForce.FOK))).hasSize(2);
  }

  @Test
  void selfTradeCancelNewestDropsTheIncomingOrder() {
    run(Command.deposit(1, USD, 1_000_000));
    run(Command.limit(1, 10, MKT, Side.SELL, usd(100), LOT, TimeInForce.GTC));
    List<Ev> ev = run(Command.limit(1, 11, MKT, Side.BUY, usd(100), LOT, TimeInForce.GTC));
    assertThat(ev)
        .containsExactly(
            new Accepted(CommandType.PLACE, 11), new Cancelled(11, LOT, CancelReason.SELF_TRADE));
    assertThat(engine.book(MKT, Side.SELL)).extracting(OrderView::id).containsExactly(10L);
    assertThat(engine.reserved(1, USD)).isZero();
  }

  @Test
  void selfTradeCancelOldestDropsTheRestingOrderAndMatchesOn() {
    run(Command.market(8, BTC, USD, TICK, LOT, 0, 0, SelfTradePrevention.CANCEL_OLDEST));
    run(Command.deposit(1, USD, 1_000_000));
    run(Command.limit(1, 10, 8, Side.SELL, usd(100), LOT, TimeInForce.GTC));
    run(Command.limit(3, 30, 8, Side.SELL, usd(100), LOT, TimeInForce.GTC));
    List<Ev> ev = run(Command.limit(1, 11, 8, Side.BUY, usd(100), LOT, TimeInForce.GTC));
    assertThat(ev)
        .containsExactly(
            new Accepted(CommandType.PLACE, 11),
            new Cancelled(10, LOT, CancelReason.SELF_TRADE),
            new Traded(30, 3, 11, 1, Side.BUY, usd(100), LOT, 100, 0, 0));
    assertThat(engine.reserved(1, BTC)).isZero();
  }

  @Test
  void rejectionsCarryStableCodesAndChangeNothing() {
    run(Command.limit(1, 10, MKT, Side.SELL, usd(100), LOT, TimeInForce.GTC));
    byte[] before = engine.stateHash();
    assertThat(code(Command.limit(2, 20, MKT, Side.BUY, usd(100) + 1, LOT, TimeInForce.GTC)))
        .isEqualTo("order.tick");
    assertThat(code(Command.limit(2, 20, MKT, Side.BUY, usd(100), LOT + 1, TimeInForce.GTC)))
        .isEqualTo("order.lot");
    assertThat(code(Command.limit(2, 20, 99, Side.BUY, usd(100), LOT, TimeInForce.GTC)))
        .isEqualTo("market.unknown");
    assertThat(code(Command.limit(2, 20, MKT, Side.BUY, usd(1_000_000), BTC1, TimeInForce.GTC)))
        .isEqualTo("order.insufficient_funds");
    assertThat(
            code(
                Command.limit(2, 20, MKT, Side.BUY, usd(100), LOT, TimeInForce.GTC).postOnly(true)))
        .isEqualTo("order.post_only_would_take");
    assertThat(code(Command.limit(2, 10, MKT, Side.BUY, usd(90), LOT, TimeInForce.GTC)))
        .isEqualTo("order.duplicate_id");
    assertThat(code(Command.cancel(2, 10))).isEqualTo("order.not_owner");
    assertThat(code(Command.cancel(2, 99))).isEqualTo("order.unknown");
    assertThat(code(Command.marketOrder(2, 20, MKT, Side.BUY, LOT, TimeInForce.GTC)))
        .isEqualTo("order.tif");
    assertThat(code(Command.withdraw(2, USD, 10_000_001))).isEqualTo("account.insufficient_funds");
    assertThat(code(Command.deposit(2, USD, Long.MAX_VALUE))).isEqualTo("account.overflow");
    assertThat(
            code(
                Command.limit(
                    2, 20, MKT, Side.BUY, Long.MAX_VALUE / TICK * TICK, BTC1, TimeInForce.GTC)))
        .isEqualTo("order.overflow");
    assertThat(code(Command.amend(1, 10, usd(100), LOT))).isEqualTo("order.unchanged");
    assertThat(code(Command.market(9, BTC, USD, 1, 1, 0, 0, SelfTradePrevention.CANCEL_NEWEST)))
        .isEqualTo("market.precision");
    Command blank = new Command();
    assertThat(code(blank)).isEqualTo("command.invalid");
    assertThat(engine.stateHash()).isEqualTo(before);
  }

  private String code(Command c) {
    List<Ev> ev = run(c);
    assertThat(ev).hasSize(1);
    return ((Rejected) ev.get(0)).code();
  }

  @Test
  void aBatchAuctionClearsAtOnePriceAndSharesTheMarginProRata() {
    run(
        Command.market(9, BTC, USD, TICK, LOT, 0, 0, SelfTradePrevention.CANCEL_NEWEST)
            .batch(true));
    run(Command.deposit(4, USD, 10_000_000));
    run(Command.limit(1, 11, 9, Side.SELL, usd(100), LOT * 4, TimeInForce.GTC));
    run(Command.limit(3, 31, 9, Side.SELL, usd(101), LOT * 6, TimeInForce.GTC));
    run(Command.limit(2, 21, 9, Side.BUY, usd(102), LOT * 3, TimeInForce.GTC));
    run(Command.limit(2, 22, 9, Side.BUY, usd(101), LOT * 5, TimeInForce.GTC));
    run(Command.limit(4, 41, 9, Side.BUY, usd(101), LOT * 5, TimeInForce.GTC));
    run(Command.limit(2, 23, 9, Side.BUY, usd(99), LOT, TimeInForce.IOC));
    assertThat(engine.book(9, Side.BUY)).hasSize(4);
    // Demand/supply in lots: at 100: 13/4, at 101: 13/10, at 102: 3/10. 101 trades the most (10).
    // Bids: 3 lots at 102 fill; 7 left for 10 at 101, pro rata 3.5 + 3.5 -> 3 + 3, and the
    // leftover lot goes to the older order 22. One lot at 101 is worth 101 cents.
    assertThat(run(Command.auction(9)))
        .containsExactly(
            new Accepted(CommandType.AUCTION, 0),
            new Recorder.Auction(usd(101), LOT * 10),
            new Recorder.Fill(21, 2, Side.BUY, usd(101), LOT * 3, 303, 0),
            new Recorder.Fill(22, 2, Side.BUY, usd(101), LOT * 4, 404, 0),
            new Recorder.Fill(41, 4, Side.BUY, usd(101), LOT * 3, 303, 0),
            new Recorder.Fill(11, 1, Side.SELL, usd(101), LOT * 4, 404, 0),
            new Recorder.Fill(31, 3, Side.SELL, usd(101), LOT * 6, 606, 0),
            new Cancelled(23, LOT, CancelReason.UNFILLED));
    assertThat(engine.book(9, Side.BUY))
        .extracting(OrderView::id, OrderView::size)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(22L, LOT),
            org.assertj.core.groups.Tuple.tuple(41L, LOT * 2));
    assertThat(engine.book(9, Side.SELL)).isEmpty();
    assertThat(engine.available(3, USD)).isEqualTo(606);
    assertThat(engine.available(4, BTC)).isEqualTo(LOT * 3);
    assertThat(engine.available(4, USD) + engine.reserved(4, USD)).isEqualTo(10_000_000 - 303);
  }

  @Test
  void batchMarketsRestOrdersUntilTheAuctionAndRefuseWhatCannotWait() {
    run(
        Command.market(9, BTC, USD, TICK, LOT, 0, 0, SelfTradePrevention.CANCEL_NEWEST)
            .batch(true));
    run(Command.limit(1, 11, 9, Side.SELL, usd(100), LOT, TimeInForce.GTC));
    assertThat(run(Command.limit(2, 21, 9, Side.BUY, usd(101), LOT, TimeInForce.GTC))).hasSize(1);
    assertThat(engine.book(9, Side.BUY)).hasSize(1);
    assertThat(code(Command.marketOrder(2, 22, 9, Side.BUY, LOT, TimeInForce.IOC)))
        .isEqualTo("order.batch_market");
    assertThat(code(Command.limit(2, 22, 9, Side.BUY, usd(1), LOT, TimeInForce.FOK)))
        .isEqualTo("order.batch_market");
    assertThat(code(Command.auction(MKT))).isEqualTo("market.not_batch");
  }

  @Test
  void aRestoredAccountCanPlaceAnOrderInAnAssetItNeverHeld() {
    Engine copy = StateDump.read(StateDump.write(engine));
    Recorder r = new Recorder();
    // Account 1 holds only BTC; a market buy on an empty book reserves 0 USD and is cancelled.
    copy.apply(Command.marketOrder(1, 10, MKT, Side.BUY, LOT, TimeInForce.IOC), r);
    assertThat(r.events)
        .containsExactly(
            new Accepted(CommandType.PLACE, 10), new Cancelled(10, LOT, CancelReason.UNFILLED));
  }

  @Test
  void theDumpRestoresAnIdenticalEngine() {
    run(Command.limit(1, 10, MKT, Side.SELL, usd(100), LOT * 3, TimeInForce.GTC));
    run(Command.limit(3, 30, MKT, Side.SELL, usd(100), LOT, TimeInForce.GTC));
    run(Command.limit(2, 20, MKT, Side.BUY, usd(90), LOT, TimeInForce.GTC));
    Engine copy = StateDump.read(StateDump.write(engine));
    assertThat(StateDump.write(copy)).isEqualTo(StateDump.write(engine));
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    Command buy = Command.limit(2, 21, MKT, Side.BUY, usd(100), LOT * 4, TimeInForce.GTC);
    engine.apply(buy, a);
    copy.apply(buy, b);
    assertThat(b.events).isEqualTo(a.events);
    assertThat(copy.stateHash()).isEqualTo(engine.stateHash());
  }
}
