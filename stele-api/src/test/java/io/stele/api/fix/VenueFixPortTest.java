package io.stele.api.fix;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.exchange.sealed.SequencerConfig;
import io.stele.exchange.venue.AssetSpec;
import io.stele.exchange.venue.MarketSpec;
import io.stele.exchange.venue.Venue;
import io.stele.exchange.venue.VenueConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Message;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.fix44.NewOrderSingle;

/**
 * Every scenario of {@link FixAcceptorTest} against the running {@link Venue} (journaled, in a
 * temporary directory) through {@link VenueFixPort}, and what only the real venue has: sealed
 * markets and a restart.
 */
class VenueFixPortTest extends FixAcceptorTest {
  private static final int CHAIN_ID = 'T';

  @TempDir Path venueDir;
  private final SeededRng rng = new SeededRng(7);
  private final ManualClock clock = new ManualClock(1_800_000_000_000L);
  private final KeyPair faucet = KeyPair.generate(rng);
  private Venue running;
  private VenueFixPort port;

  private VenueConfig config() {
    return new VenueConfig(
        CHAIN_ID,
        List.of(new AssetSpec("BTC", 8), new AssetSpec("USD", 2), new AssetSpec("EUR", 2)),
        List.of(
            new MarketSpec(
                "BTC-USD",
                "BTC",
                "USD",
                100,
                1_000_000,
                0,
                0,
                SelfTradePrevention.CANCEL_NEWEST,
                false),
            new MarketSpec(
                "BTC-EUR",
                "BTC",
                "EUR",
                100,
                1_000_000,
                0,
                0,
                SelfTradePrevention.CANCEL_NEWEST,
                true)),
        Optional.of(faucet.publicKey()),
        30_000,
        new SequencerConfig(CHAIN_ID, 100, 100, 1),
        2,
        3);
  }

  @Override
  FixVenue openVenue(List<Long> accounts) {
    reopen();
    for (long account : accounts) {
      running.deposit(faucet.publicKey(), account, 2, 100_000_000_00L).join();
      running.deposit(faucet.publicKey(), account, 1, 10_00000000L).join();
    }
    return port;
  }

  private void reopen() {
    running = Venue.open(venueDir, config(), clock, rng, null, null);
    port = VenueFixPort.open(running, venueDir.resolve("fix-client-order-ids"), rng);
  }

  @Override
  long commands() {
    return running.sequence();
  }

  @Override
  void closeVenue() {
    if (port != null) {
      port.close();
      running.close();
      port = null;
    }
  }

  @Test
  void ordersForSealedMarketsAreRefusedBecauseFixIsPlainText() throws Exception {
    long before = commands();
    NewOrderSingle order = limit("s1", Side.BUY, "30000.00", "0.10");
    order.setString(Symbol.FIELD, "BTC-EUR");
    alice.send(order);
    Message er = alice.expect(MsgType.EXECUTION_REPORT);
    assertThat(er.getString(150)).as("ExecType").isEqualTo("8");
    assertThat(er.getString(37)).as("OrderID").isEqualTo("NONE");
    assertThat(er.getString(Text.FIELD))
        .startsWith("exchange.sealed_market: market BTC-EUR is a sealed batch auction")
        .contains("FIX carries orders in plain text");
    assertThat(commands()).isEqualTo(before);
  }

  @Test
  void everyClOrdIdStillNamesItsOrderAfterARestart() throws Exception {
    alice.send(limit("r1", Side.BUY, "30000.00", "0.50"));
    String orderId = alice.expect(MsgType.EXECUTION_REPORT).getString(37);
    alice.send(amend("r1", "r2", Side.BUY, "30000.00", "0.40"));
    alice.expect(MsgType.EXECUTION_REPORT);
    bob.send(limit("b1", Side.SELL, "30000.00", "0.10"));
    alice.expect(MsgType.EXECUTION_REPORT); // Alice's fill

    restart();
    for (String name : List.of("r1", "r2")) {
      alice.send(status(name, Side.BUY));
      Message status = alice.expect(MsgType.EXECUTION_REPORT);
      assertReport(
          status, "I", "1", "r2", null, "0.40000000", "0.10000000", "0.30000000", "30000.00");
      assertThat(status.getString(37)).isEqualTo(orderId);
    }
    alice.send(cancel("r2", "r3", Side.BUY));
    assertReport(
        alice.expect(MsgType.EXECUTION_REPORT),
        "4",
        "4",
        "r3",
        "r2",
        "0.40000000",
        "0.10000000",
        "0.00000000",
        "30000.00");

    // Cancelled, the venue keeps only what filled; the ordered total comes from the file.
    restart();
    alice.send(status("r1", Side.BUY));
    assertReport(
        alice.expect(MsgType.EXECUTION_REPORT),
        "I",
        "4",
        "r3",
        null,
        "0.40000000",
        "0.10000000",
        "0.00000000",
        "30000.00");
    alice.send(limit("r2", Side.BUY, "30000.00", "0.10"));
    assertThat(alice.expect(MsgType.EXECUTION_REPORT).getString(Text.FIELD))
        .isEqualTo("order.duplicate_client_id: ClOrdID r2 was used");
    assertThat(Files.readAllLines(venueDir.resolve("fix-client-order-ids"))).hasSize(4);
  }

  @Test
  void aFillThatLandsBeforeAnAmendIsAppliedDoesNotEnlargeTheOrder() throws Exception {
    alice.send(limit("a1", Side.BUY, "30000.00", "0.50"));
    alice.expect(MsgType.EXECUTION_REPORT);
    // Bob's sell enters the venue's queue before Alice's amend, which was sent while nothing of
    // her order had filled: the amend's OrderQty 0.40 is a total, 0.10 of it already filled.
    running.place(
        BOB,
        new OrderPayload.Place(
            777,
            1,
            io.stele.exchange.engine.Side.SELL,
            io.stele.exchange.engine.OrderType.LIMIT,
            io.stele.exchange.engine.TimeInForce.GTC,
            false,
            30000_00,
            10_000_000));
    alice.send(amend("a1", "a2", Side.BUY, "30000.00", "0.40"));
    assertReport(
        alice.expect(MsgType.EXECUTION_REPORT),
        "F",
        "1",
        "a1",
        null,
        "0.50000000",
        "0.10000000",
        "0.40000000",
        "30000.00");
    assertReport(
        alice.expect(MsgType.EXECUTION_REPORT),
        "5",
        "1",
        "a2",
        "a1",
        "0.40000000",
        "0.10000000",
        "0.30000000",
        "30000.00");
    assertThat(running.book(1, 1).bids()).extracting(b -> b.size()).containsExactly(30_000_000L);
  }

  @Test
  void aMarketOrderAfterARestartFillsAgainstOrdersPlacedBeforeIt() throws Exception {
    bob.send(limit("b1", Side.SELL, "30001.00", "0.20"));
    bob.expect(MsgType.EXECUTION_REPORT);
    restart();
    NewOrderSingle market = limit("m1", Side.BUY, "1", "0.20");
    market.removeField(44);
    market.setChar(OrdType.FIELD, OrdType.MARKET);
    alice.send(market);
    alice.expect(MsgType.EXECUTION_REPORT);
    assertReport(
        alice.expect(MsgType.EXECUTION_REPORT),
        "F",
        "2",
        "m1",
        null,
        "0.20000000",
        "0.20000000",
        "0.00000000",
        "30001.00");
    assertReport(
        bob.expect(MsgType.EXECUTION_REPORT),
        "F",
        "2",
        "b1",
        null,
        "0.20000000",
        "0.20000000",
        "0.00000000",
        "30001.00");
  }

  @Test
  void ordersFromOtherInterfacesAreNotReportedButTheirEffectsOnFixOrdersAre() throws Exception {
    alice.send(limit("a1", Side.BUY, "30000.00", "0.50"));
    long orderId = Long.parseLong(alice.expect(MsgType.EXECUTION_REPORT).getString(37));
    bob.send(limit("b1", Side.SELL, "31000.00", "0.10"));
    bob.expect(MsgType.EXECUTION_REPORT);

    // Alice buys Bob's offer with an order that did not come through FIX: only Bob hears of it.
    OrderPayload.Place rest =
        new OrderPayload.Place(
            77,
            1,
            io.stele.exchange.engine.Side.BUY,
            io.stele.exchange.engine.OrderType.LIMIT,
            io.stele.exchange.engine.TimeInForce.GTC,
            false,
            3_100_000,
            10_000_000);
    assertThat(running.place(ALICE, rest).join().trades()).hasSize(1);
    assertReport(
        bob.expect(MsgType.EXECUTION_REPORT),
        "F",
        "2",
        "b1",
        null,
        "0.10000000",
        "0.10000000",
        "0.00000000",
        "31000.00");

    // A cancel of Alice's FIX order from elsewhere: reported under its ClOrdID, no OrigClOrdID.
    assertThat(running.cancel(ALICE, orderId).join().accepted()).isTrue();
    Message cancelled = alice.expect(MsgType.EXECUTION_REPORT);
    assertReport(cancelled, "4", "4", "a1", null, "0.50000000", "0.00000000", "0.00000000", "0.00");
    assertThat(cancelled.getString(Text.FIELD)).isEqualTo("user");
  }

  private void restart() throws Exception {
    disconnect();
    closeVenue();
    clock.advance(1_000); // a restarted venue starts a new sealed batch chain, named by the time
    reopen();
    venue = port;
    connect();
  }
}
