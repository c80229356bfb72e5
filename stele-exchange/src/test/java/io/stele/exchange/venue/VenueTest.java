package io.stele.exchange.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.candles.Candle;
import io.stele.exchange.candles.Interval;
import io.stele.exchange.engine.CancelReason;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.exchange.sealed.SealedExchange;
import io.stele.exchange.sealed.SequencerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VenueTest {
  static final int CHAIN = 'V';
  static final int STL = 1;
  static final int USD = 2;
  static final int MARKET = 1;

  @TempDir Path dir;
  final ManualClock clock = new ManualClock(1_800_000_000_000L);
  final SeededRng rng = new SeededRng(7);
  final KeyPair faucet = KeyPair.generate(rng);
  final long alice = 11;
  final long bob = 12;
  Venue venue;

  /** STL with 2 decimals against USD with 2: tick 0.01 USD, lot 1.00 STL, fees 10/20 bps. */
  static VenueConfig config(Optional<KeyPair> faucet) {
    return new VenueConfig(
        CHAIN,
        List.of(new AssetSpec("STL", 2), new AssetSpec("USD", 2)),
        List.of(
            new MarketSpec(
                "STL-USD", "STL", "USD", 1, 100, 10, 20, SelfTradePrevention.CANCEL_NEWEST, false)),
        faucet.map(KeyPair::publicKey),
        30_000,
        new SequencerConfig(CHAIN, 100, 100, 1),
        2,
        3);
  }

  Venue open() {
    return Venue.open(dir, config(Optional.of(faucet)), clock, rng, null, null);
  }

  @AfterEach
  void close() {
    if (venue != null) {
      venue.close();
    }
  }

  static OrderPayload.Place limit(long id, Side side, long price, long size) {
    return new OrderPayload.Place(
        id, MARKET, side, OrderType.LIMIT, TimeInForce.GTC, false, price, size);
  }

  void fund() {
    assertThat(venue.deposit(faucet.publicKey(), alice, STL, 10_000).join().accepted()).isTrue();
    assertThat(venue.deposit(faucet.publicKey(), bob, USD, 100_000).join().accepted()).isTrue();
  }

  @Test
  void crossingOrdersTradeAndEveryViewAndListenerSeesIt() {
    venue = open();
    List<BookDelta> deltas = new CopyOnWriteArrayList<>();
    List<TradeRecord> trades = new CopyOnWriteArrayList<>();
    List<OrderEvent> aliceEvents = new CopyOnWriteArrayList<>();
    venue.onBook(MARKET, deltas::add);
    venue.onTrade(MARKET, trades::add);
    venue.onOrders(alice, aliceEvents::add);
    fund();

    // alice sells 30.00 STL at 2.50 USD; bob buys 10.00 STL at 2.60 and trades at alice's price
    Outcome sell = venue.place(alice, limit(1, Side.SELL, 250, 3000)).join();
    assertThat(sell.accepted()).isTrue();
    assertThat(sell.order().orElseThrow().status()).isEqualTo(OrderStatus.OPEN);
    clock.advance(61_000);
    Outcome buy = venue.place(bob, limit(2, Side.BUY, 260, 1000)).join();

    // value 10 STL x 2.50 = 25.00 USD = 2500 cents; maker fee 10 bps = 2, taker fee 20 bps = 5
    assertThat(buy.trades())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.price()).isEqualTo(250);
              assertThat(t.size()).isEqualTo(1000);
              assertThat(t.value()).isEqualTo(2500);
              assertThat(t.takerSide()).isEqualTo(Side.BUY);
            });
    assertThat(buy.order().orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
    assertThat(venue.order(1).orElseThrow().filled()).isEqualTo(1000);
    assertThat(venue.order(1).orElseThrow().remaining()).isEqualTo(2000);
    assertThat(venue.balances(bob))
        .containsExactly(new Balance(STL, 1000, 0), new Balance(USD, 100_000 - 2500 - 5, 0));
    assertThat(venue.balances(alice))
        .containsExactly(new Balance(STL, 7000, 2000), new Balance(USD, 2500 - 2, 0));
    assertThat(venue.book(MARKET, 10).asks()).containsExactly(new BookLevel(250, 2000));
    assertThat(venue.book(MARKET, 10).bids()).isEmpty();
    assertThat(venue.trades(MARKET, 10)).containsExactlyElementsOf(trades);
    assertThat(trades).hasSize(1);
    assertThat(deltas)
        .containsExactly(
            new BookDelta(sell.sequence(), MARKET, Side.SELL, 250, 3000),
            new BookDelta(buy.sequence(), MARKET, Side.SELL, 250, 2000));
    assertThat(aliceEvents).extracting(OrderEvent::kind).containsExactly("accepted", "trade");
    List<Candle> minutes = venue.candles(MARKET, Interval.MINUTE, 10);
    assertThat(minutes).singleElement().satisfies(c -> assertThat(c.volume()).isEqualTo(1000));
  }

  @Test
  void cancelAndAmendChangeTheOrderAndAreRefusedForOthers() {
    venue = open();
    fund();
    venue.place(alice, limit(5, Side.SELL, 300, 2000)).join();
    Outcome foreign = venue.cancel(bob, 5).join();
    assertThat(foreign.code()).isEqualTo("order.not_owner");
    Outcome amended = venue.amend(alice, 5, 300, 1000).join();
    assertThat(amended.accepted()).isTrue();
    assertThat(amended.order().orElseThrow().remaining()).isEqualTo(1000);
    Outcome cancelled = venue.cancel(alice, 5).join();
    assertThat(cancelled.order().orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(cancelled.order().orElseThrow().reason()).isEqualTo(CancelReason.USER);
    assertThat(venue.balances(alice)).containsExactly(new Balance(STL, 10_000, 0));
    assertThat(venue.orders(alice)).extracting(OrderState::id).containsExactly(5L);
  }

  @Test
  void filledValuesSumTheFillsAndGroupListenersRunAfterTheOrderEventsAndSurviveARestart() {
    venue = open();
    List<String> calls = new CopyOnWriteArrayList<>();
    venue.onOrders(alice, e -> calls.add("order " + e.sequence()));
    venue.onBook(MARKET, d -> calls.add("book " + d.sequence()));
    venue.afterEachGroup(sequence -> calls.add("group " + sequence));
    fund();
    Outcome sell = venue.place(alice, limit(1, Side.SELL, 250, 3000)).join();
    venue.place(bob, limit(2, Side.BUY, 260, 1000)).join();
    venue.place(bob, limit(3, Side.BUY, 250, 500)).join();

    // 10.00 STL at 2.50 then 5.00 at 2.50: 2500 + 1250 cents, maker price both times
    assertThat(venue.filledValue(1)).isEqualTo(3750);
    assertThat(venue.filledValue(2)).isEqualTo(2500);
    assertThat(venue.filledValue(99)).isZero();
    long s = sell.sequence();
    assertThat(calls.subList(calls.indexOf("book " + s), calls.indexOf("group " + s) + 1))
        .containsExactly("book " + s, "order " + s, "group " + s);
    assertThat(venue.marketInfo(MARKET).tickSize()).isEqualTo(1);
    assertThat(venue.marketInfo(MARKET).lotSize()).isEqualTo(100);

    venue.close();
    venue = open();
    assertThat(venue.filledValue(1)).isEqualTo(3750);
  }

  @Test
  void onlyTheFaucetDeposits() {
    venue = open();
    KeyPair other = KeyPair.generate(rng);
    assertThatThrownBy(() -> venue.deposit(other.publicKey(), alice, STL, 1))
        .hasFieldOrPropertyWithValue("code", "exchange.not_faucet");
    assertThat(venue.balances(alice)).isEmpty();
  }

  @Test
  void aRestartRebuildsTheSameStateAndViews() {
    venue = open();
    fund();
    venue.place(alice, limit(1, Side.SELL, 250, 3000)).join();
    venue.place(bob, limit(2, Side.BUY, 250, 1000)).join();
    byte[] hash = venue.stateHash();
    List<OrderState> orders = venue.orders(alice);
    List<TradeRecord> trades = venue.trades(MARKET, 10);
    venue.close();
    // the pipeline's own engine reached the replica's state
    assertThat(venue.closedEngine().stateHash()).isEqualTo(hash);

    venue = open();
    assertThat(venue.stateHash()).isEqualTo(hash);
    assertThat(venue.orders(alice)).isEqualTo(orders);
    assertThat(venue.trades(MARKET, 10)).isEqualTo(trades);
    assertThat(venue.book(MARKET, 5).asks()).containsExactly(new BookLevel(250, 2000));
    // the markets were created once, not again
    assertThat(venue.place(bob, limit(3, Side.BUY, 250, 100)).join().accepted()).isTrue();
  }

  @Test
  void aJournalFromAnotherConfigurationIsRefused() {
    venue = open();
    venue.close();
    VenueConfig base = config(Optional.empty());
    MarketSpec changed =
        new MarketSpec(
            "STL-USD", "STL", "USD", 2, 100, 10, 20, SelfTradePrevention.CANCEL_NEWEST, false);
    VenueConfig other =
        new VenueConfig(
            CHAIN, base.assets(), List.of(changed), Optional.empty(), 30_000, base.sealing(), 2, 3);
    venue = null;
    assertThatThrownBy(() -> Venue.open(dir, other, clock, rng, null, null))
        .hasFieldOrPropertyWithValue("code", "venue.config_mismatch");
  }

  @Test
  void theAccountOfAKeyIsTheSealedExchangeOne() {
    KeyPair key = KeyPair.generate(rng);
    String request = "{\"type\":\"orders\",\"chain\":\"V\",\"time\":5,\"nonce\":1}";
    SignedRequest verified = SignedRequest.verify(SignedRequest.sign(key, request), CHAIN);
    assertThat(verified.account()).isEqualTo(SealedExchange.accountOf(key.publicKey()));
  }
}
