package io.stele.api.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.Message;
import quickfix.field.BusinessRejectReason;
import quickfix.field.ClOrdID;
import quickfix.field.ExecInst;
import quickfix.field.Headline;
import quickfix.field.MDEntryType;
import quickfix.field.MDReqID;
import quickfix.field.MarketDepth;
import quickfix.field.MsgType;
import quickfix.field.OrdType;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.RefTagID;
import quickfix.field.Side;
import quickfix.field.SubscriptionRequestType;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TimeInForce;
import quickfix.field.TransactTime;
import quickfix.fix44.MarketDataRequest;
import quickfix.fix44.NewOrderSingle;
import quickfix.fix44.News;
import quickfix.fix44.OrderCancelReplaceRequest;
import quickfix.fix44.OrderCancelRequest;
import quickfix.fix44.OrderStatusRequest;

/** The acceptor driven by real QuickFIX/J initiators over TCP on 127.0.0.1. */
class FixAcceptorTest {
  static final byte CHAIN = 'T';
  static final String VENUE = "STELE";
  static final long ALICE = 1;
  static final long BOB = 2;
  static final long CAROL = 3;
  static final KeyPair ALICE_KEY = key(1);
  static final KeyPair BOB_KEY = key(2);
  static final KeyPair CAROL_KEY = key(3);

  /** A fixed TransactTime: the acceptor does not read it, and tests read no clock. */
  static final LocalDateTime TIME = LocalDateTime.of(2026, 1, 2, 3, 4, 5);

  // FIX tags read back from reports
  static final int ORDER_ID = 37;
  static final int EXEC_TYPE = 150;
  static final int ORD_STATUS = 39;
  static final int CUM_QTY = 14;
  static final int LEAVES_QTY = 151;
  static final int AVG_PX = 6;
  static final int LAST_PX = 31;
  static final int LAST_QTY = 32;
  static final int CL_ORD_ID = 11;
  static final int ORIG_CL_ORD_ID = 41;
  static final int ORDER_QTY = 38;
  static final int PRICE = 44;
  static final int ORD_REJ_REASON = 103;

  @TempDir Path dataDir;
  private EngineVenue engine;
  FixVenue venue;
  FixAcceptor acceptor;
  FixTestClient alice;
  FixTestClient bob;

  static KeyPair key(int fill) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) fill);
    return KeyPair.fromSeed(seed);
  }

  @BeforeEach
  void start() throws Exception {
    venue = openVenue(List.of(ALICE, BOB, CAROL));
    connect();
  }

  /** Starts the acceptor over {@link #venue} and logs Alice and Bob on. */
  void connect() throws Exception {
    FixSettings settings =
        new FixSettings(
            VENUE,
            "127.0.0.1",
            0,
            60,
            CHAIN,
            Optional.of(dataDir),
            List.of(
                new FixCounterparty("ALICE", ALICE_KEY.publicKey(), ALICE),
                new FixCounterparty("BOB", BOB_KEY.publicKey(), BOB),
                new FixCounterparty("CAROL", CAROL_KEY.publicKey(), CAROL)));
    acceptor = FixAcceptor.start(settings, venue);
    alice = new FixTestClient("ALICE", VENUE, acceptor.port(), ALICE_KEY, CHAIN);
    bob = new FixTestClient("BOB", VENUE, acceptor.port(), BOB_KEY, CHAIN);
    alice.awaitLogon();
    bob.awaitLogon();
  }

  /** Logs the clients out and stops the acceptor. */
  void disconnect() {
    if (alice != null) {
      alice.close();
      alice = null;
    }
    if (bob != null) {
      bob.close();
      bob = null;
    }
    if (acceptor != null) {
      acceptor.close();
      acceptor = null;
    }
  }

  /**
   * The venue the acceptor fronts, with BTC-USD (BTC 8 decimals, USD 2, tick 1.00, lot 0.01, no
   * fees) and each account holding 100,000,000.00 USD and 10 BTC. Subclasses run every scenario
   * against another implementation of the port.
   */
  FixVenue openVenue(List<Long> accounts) {
    engine = new EngineVenue();
    for (long account : accounts) {
      engine.deposit(account, EngineVenue.USD, 100_000_000_00L);
      engine.deposit(account, EngineVenue.BTC, 10_00000000L);
    }
    return engine;
  }

  /** How many commands the venue has taken: a refusal before the venue adds none. */
  long commands() {
    return engine.commands();
  }

  void closeVenue() {}

  @AfterEach
  void stop() {
    disconnect();
    closeVenue();
  }

  @Test
  void ordersArePlacedAmendedFilledQueriedAndCancelled() throws Exception {
    alice.send(limit("a1", Side.BUY, "30000.00", "0.50"));
    Message placed = alice.expect(MsgType.EXECUTION_REPORT);
    assertReport(placed, "0", "0", "a1", null, "0.50000000", "0.00000000", "0.50000000", "0.00");
    assertThat(placed.getString(PRICE)).isEqualTo("30000.00");
    String orderId = placed.getString(ORDER_ID);
    assertThat(orderId).isNotEqualTo("NONE");

    // A smaller size at the same price keeps the order's place.
    alice.send(amend("a1", "a2", Side.BUY, "30000.00", "0.40"));
    Message replaced = alice.expect(MsgType.EXECUTION_REPORT);
    assertReport(replaced, "5", "0", "a2", "a1", "0.40000000", "0.00000000", "0.40000000", "0.00");
    assertThat(replaced.getString(ORDER_ID)).isEqualTo(orderId);

    // Bob sells 0.10 into Alice's bid: both get a trade at the resting price.
    bob.send(limit("b1", Side.SELL, "30000.00", "0.10"));
    assertReport(
        bob.expect(MsgType.EXECUTION_REPORT),
        "0",
        "0",
        "b1",
        null,
        "0.10000000",
        "0.00000000",
        "0.10000000",
        "0.00");
    Message bobFill = bob.expect(MsgType.EXECUTION_REPORT);
    assertReport(
        bobFill, "F", "2", "b1", null, "0.10000000", "0.10000000", "0.00000000", "30000.00");
    assertLast(bobFill, "30000.00", "0.10000000");
    Message aliceFill = alice.expect(MsgType.EXECUTION_REPORT);
    assertReport(
        aliceFill, "F", "1", "a2", null, "0.40000000", "0.10000000", "0.30000000", "30000.00");
    assertLast(aliceFill, "30000.00", "0.10000000");

    // A price change: OrderQty is the total, so 0.40 leaves 0.30 open after the 0.10 filled.
    alice.send(amend("a2", "a3", Side.BUY, "29999.00", "0.40"));
    Message moved = alice.expect(MsgType.EXECUTION_REPORT);
    assertReport(moved, "5", "1", "a3", "a2", "0.40000000", "0.10000000", "0.30000000", "30000.00");
    assertThat(moved.getString(PRICE)).isEqualTo("29999.00");

    alice.send(status("a3", Side.BUY));
    Message status = alice.expect(MsgType.EXECUTION_REPORT);
    assertReport(
        status, "I", "1", "a3", null, "0.40000000", "0.10000000", "0.30000000", "30000.00");

    // An IOC sell at a lower limit trades at the resting price and fills Alice's order.
    NewOrderSingle ioc = limit("b2", Side.SELL, "29000.00", "0.30");
    ioc.setChar(TimeInForce.FIELD, TimeInForce.IMMEDIATE_OR_CANCEL);
    bob.send(ioc);
    bob.expect(MsgType.EXECUTION_REPORT);
    Message bobFill2 = bob.expect(MsgType.EXECUTION_REPORT);
    assertReport(
        bobFill2, "F", "2", "b2", null, "0.30000000", "0.30000000", "0.00000000", "29999.00");
    assertLast(bobFill2, "29999.00", "0.30000000");
    // Alice's average: (0.10 x 30000 + 0.30 x 29999) / 0.40 = 11999.70 / 0.40 = 29999.25
    Message aliceDone = alice.expect(MsgType.EXECUTION_REPORT);
    assertReport(
        aliceDone, "F", "2", "a3", null, "0.40000000", "0.40000000", "0.00000000", "29999.25");
    assertLast(aliceDone, "29999.00", "0.30000000");

    // Cancel a resting order, then cancel it again.
    alice.send(limit("a4", Side.BUY, "28000.00", "0.20"));
    alice.expect(MsgType.EXECUTION_REPORT);
    alice.send(cancel("a4", "c4", Side.BUY));
    Message cancelled = alice.expect(MsgType.EXECUTION_REPORT);
    assertReport(cancelled, "4", "4", "c4", "a4", "0.20000000", "0.00000000", "0.00000000", "0.00");

    alice.send(cancel("c4", "c5", Side.BUY));
    Message refused = alice.expect(MsgType.ORDER_CANCEL_REJECT);
    assertThat(refused.getString(CL_ORD_ID)).isEqualTo("c5");
    assertThat(refused.getString(ORIG_CL_ORD_ID)).isEqualTo("c4");
    assertThat(refused.getString(ORD_STATUS)).isEqualTo("4");
    assertThat(refused.getString(434)).as("CxlRejResponseTo").isEqualTo("1");
    assertThat(refused.getString(Text.FIELD)).startsWith("order.unknown");
  }

  @Test
  void anAmendKeepsPriorityOnlyForASmallerSizeAtTheSamePrice() throws Exception {
    try (FixTestClient carol =
        new FixTestClient("CAROL", VENUE, acceptor.port(), CAROL_KEY, CHAIN)) {
      carol.awaitLogon();
      alice.send(limit("a1", Side.BUY, "30000.00", "0.50"));
      alice.expect(MsgType.EXECUTION_REPORT);
      carol.send(limit("c1", Side.BUY, "30000.00", "0.50"));
      carol.expect(MsgType.EXECUTION_REPORT);

      // Smaller at the same price: Alice is still first in the queue.
      alice.send(amend("a1", "a2", Side.BUY, "30000.00", "0.40"));
      alice.expect(MsgType.EXECUTION_REPORT);
      bob.send(limit("b1", Side.SELL, "30000.00", "0.10"));
      assertReport(
          alice.expect(MsgType.EXECUTION_REPORT),
          "F",
          "1",
          "a2",
          null,
          "0.40000000",
          "0.10000000",
          "0.30000000",
          "30000.00");

      // Away and back: Alice is now behind Carol.
      alice.send(amend("a2", "a3", Side.BUY, "29999.00", "0.40"));
      alice.expect(MsgType.EXECUTION_REPORT);
      alice.send(amend("a3", "a4", Side.BUY, "30000.00", "0.40"));
      alice.expect(MsgType.EXECUTION_REPORT);
      bob.send(limit("b2", Side.SELL, "30000.00", "0.10"));
      assertReport(
          carol.expect(MsgType.EXECUTION_REPORT),
          "F",
          "1",
          "c1",
          null,
          "0.50000000",
          "0.10000000",
          "0.40000000",
          "30000.00");

      // Nothing to change: refused, and the order stands.
      alice.send(amend("a4", "a5", Side.BUY, "30000.00", "0.40"));
      Message unchanged = alice.expect(MsgType.ORDER_CANCEL_REJECT);
      assertThat(unchanged.getString(434)).as("CxlRejResponseTo").isEqualTo("2");
      assertThat(unchanged.getString(ORD_STATUS)).isEqualTo("1");
      assertThat(unchanged.getString(Text.FIELD)).startsWith("order.unchanged");
    }
  }

  @Test
  void marketOrdersFillAcrossLevelsAndTheRestIsCancelled() throws Exception {
    bob.send(limit("b1", Side.SELL, "30000.00", "0.10"));
    bob.expect(MsgType.EXECUTION_REPORT);
    bob.send(limit("b2", Side.SELL, "30002.00", "0.10"));
    bob.expect(MsgType.EXECUTION_REPORT);

    NewOrderSingle market = new NewOrderSingle();
    market.setString(ClOrdID.FIELD, "m1");
    market.setChar(Side.FIELD, Side.BUY);
    market.setString(Symbol.FIELD, EngineVenue.SYMBOL);
    market.setUtcTimeStamp(TransactTime.FIELD, TIME);
    market.setChar(OrdType.FIELD, OrdType.MARKET);
    market.setString(OrderQty.FIELD, "0.30");
    alice.send(market);
    assertReport(
        alice.expect(MsgType.EXECUTION_REPORT),
        "0",
        "0",
        "m1",
        null,
        "0.30000000",
        "0.00000000",
        "0.30000000",
        "0.00");
    alice.expect(MsgType.EXECUTION_REPORT);
    Message second = alice.expect(MsgType.EXECUTION_REPORT);
    // (0.10 x 30000 + 0.10 x 30002) / 0.20 = 30001
    assertReport(
        second, "F", "1", "m1", null, "0.30000000", "0.20000000", "0.10000000", "30001.00");
    Message rest = alice.expect(MsgType.EXECUTION_REPORT);
    assertReport(rest, "4", "4", "m1", null, "0.30000000", "0.20000000", "0.00000000", "30001.00");
    assertThat(rest.getString(Text.FIELD)).startsWith("unfilled");
  }

  @Test
  void marketDataStartsWithASnapshotThenFollowsEveryLevel() throws Exception {
    alice.send(limit("a1", Side.BUY, "30000.00", "0.50"));
    alice.expect(MsgType.EXECUTION_REPORT);
    alice.send(limit("a2", Side.BUY, "29000.00", "0.20"));
    alice.expect(MsgType.EXECUTION_REPORT);
    bob.send(limit("b1", Side.SELL, "31000.00", "1.00"));
    bob.expect(MsgType.EXECUTION_REPORT);

    bob.send(marketData("md1", SubscriptionRequestType.SNAPSHOT_UPDATES, EngineVenue.SYMBOL));
    Message w = bob.expect(MsgType.MARKET_DATA_SNAPSHOT_FULL_REFRESH);
    assertThat(w.getString(MDReqID.FIELD)).isEqualTo("md1");
    assertThat(w.getString(Symbol.FIELD)).isEqualTo(EngineVenue.SYMBOL);
    assertThat(entries(w))
        .containsExactly("0 30000.00 0.50000000", "0 29000.00 0.20000000", "1 31000.00 1.00000000");

    alice.send(limit("a3", Side.BUY, "30000.00", "0.30"));
    alice.expect(MsgType.EXECUTION_REPORT);
    assertThat(increments(bob.expect(MsgType.MARKET_DATA_INCREMENTAL_REFRESH)))
        .containsExactly("1 0 BTC-USD 30000.00 0.80000000");

    // Bob's sell takes both of Alice's orders at 30000: his reports, then the level goes.
    bob.send(limit("b2", Side.SELL, "30000.00", "0.80"));
    assertThat(bob.expect(MsgType.EXECUTION_REPORT).getString(EXEC_TYPE)).isEqualTo("0");
    assertThat(bob.expect(MsgType.EXECUTION_REPORT).getString(ORD_STATUS)).isEqualTo("1");
    assertThat(bob.expect(MsgType.EXECUTION_REPORT).getString(ORD_STATUS)).isEqualTo("2");
    assertThat(increments(bob.expect(MsgType.MARKET_DATA_INCREMENTAL_REFRESH)))
        .containsExactly("2 0 BTC-USD 30000.00 -");

    alice.send(cancel("a2", "c2", Side.BUY));
    assertThat(increments(bob.expect(MsgType.MARKET_DATA_INCREMENTAL_REFRESH)))
        .containsExactly("2 0 BTC-USD 29000.00 -");

    bob.send(
        marketData(
            "md1",
            SubscriptionRequestType.DISABLE_PREVIOUS_SNAPSHOT_UPDATE_REQUEST,
            EngineVenue.SYMBOL));
    bob.send(marketData("md2", SubscriptionRequestType.SNAPSHOT, EngineVenue.SYMBOL));
    Message again = bob.expect(MsgType.MARKET_DATA_SNAPSHOT_FULL_REFRESH);
    assertThat(again.getString(MDReqID.FIELD)).isEqualTo("md2");
    assertThat(entries(again)).containsExactly("1 31000.00 1.00000000");
  }

  @Test
  void aSessionHoldsABoundedNumberOfSubscriptions() throws Exception {
    for (int i = 0; i < MarketDataFeed.MAX_SUBSCRIPTIONS; i++) {
      alice.send(marketData("s" + i, SubscriptionRequestType.SNAPSHOT_UPDATES, EngineVenue.SYMBOL));
      alice.expect(MsgType.MARKET_DATA_SNAPSHOT_FULL_REFRESH);
    }
    alice.send(
        marketData("one-more", SubscriptionRequestType.SNAPSHOT_UPDATES, EngineVenue.SYMBOL));
    Message y = alice.expect(MsgType.MARKET_DATA_REQUEST_REJECT);
    assertThat(y.getString(281)).as("MDReqRejReason").isEqualTo("2");
    assertThat(y.getString(Text.FIELD)).isEqualTo("a session may hold 32 subscriptions at once");

    alice.send(marketData("s0", SubscriptionRequestType.SNAPSHOT_UPDATES, EngineVenue.SYMBOL));
    assertThat(alice.expect(MsgType.MARKET_DATA_REQUEST_REJECT).getString(Text.FIELD))
        .isEqualTo("MDReqID s0 is in use");
    alice.send(
        marketData(
            "s0",
            SubscriptionRequestType.DISABLE_PREVIOUS_SNAPSHOT_UPDATE_REQUEST,
            EngineVenue.SYMBOL));
    alice.send(
        marketData("one-more", SubscriptionRequestType.SNAPSHOT_UPDATES, EngineVenue.SYMBOL));
    assertThat(alice.expect(MsgType.MARKET_DATA_SNAPSHOT_FULL_REFRESH).getString(MDReqID.FIELD))
        .isEqualTo("one-more");
  }

  @Test
  void unknownSymbolsAreRefusedWithText() throws Exception {
    long before = commands();
    NewOrderSingle order = limit("x1", Side.BUY, "100.00", "1.00");
    order.setString(Symbol.FIELD, "ETH-USD");
    alice.send(order);
    Message er = alice.expect(MsgType.EXECUTION_REPORT);
    assertReport(er, "8", "8", "x1", null, "1.00", "0", "0", "0");
    assertThat(er.getString(ORDER_ID)).isEqualTo("NONE");
    assertThat(er.getString(ORD_REJ_REASON)).isEqualTo("1");
    assertThat(er.getString(Text.FIELD))
        .isEqualTo("market.unknown: no market is listed as symbol \"ETH-USD\"");

    alice.send(marketData("md9", SubscriptionRequestType.SNAPSHOT, "ETH-USD"));
    Message y = alice.expect(MsgType.MARKET_DATA_REQUEST_REJECT);
    assertThat(y.getString(MDReqID.FIELD)).isEqualTo("md9");
    assertThat(y.getString(281)).as("MDReqRejReason").isEqualTo("0");
    assertThat(y.getString(Text.FIELD)).contains("ETH-USD");
    assertThat(commands()).isEqualTo(before);
  }

  @Test
  void cancelsAndAmendsThatDoNotFitAreRefusedAndChangeNothing() throws Exception {
    alice.send(limit("a1", Side.BUY, "30000.00", "0.50"));
    alice.expect(MsgType.EXECUTION_REPORT);
    long before = commands();

    alice.send(cancel("a1", "c1", Side.SELL));
    assertCancelReject(
        alice.expect(MsgType.ORDER_CANCEL_REJECT), "1", "order.side: the order is a buy order");
    OrderCancelRequest elsewhere = cancel("a1", "c2", Side.BUY);
    elsewhere.setString(Symbol.FIELD, "ETH-USD");
    alice.send(elsewhere);
    assertCancelReject(
        alice.expect(MsgType.ORDER_CANCEL_REJECT),
        "1",
        "market.unknown: no market is listed as symbol \"ETH-USD\"");
    alice.send(amend("a1", "c3", Side.BUY, "30000.10", "0.50"));
    assertCancelReject(
        alice.expect(MsgType.ORDER_CANCEL_REJECT),
        "2",
        "order.tick: Price(44) 30000.10 is not a multiple of the tick size 1.00");
    OrderCancelReplaceRequest toMarket = amend("a1", "c4", Side.BUY, "30000.00", "0.50");
    toMarket.setChar(OrdType.FIELD, OrdType.MARKET);
    alice.send(toMarket);
    assertCancelReject(
        alice.expect(MsgType.ORDER_CANCEL_REJECT),
        "2",
        "order.type: only limit orders rest, so OrdType(40) must be 2");
    alice.send(cancel("a1", "a1", Side.BUY));
    assertCancelReject(
        alice.expect(MsgType.ORDER_CANCEL_REJECT),
        "1",
        "order.duplicate_client_id: ClOrdID a1 was used");

    assertThat(commands()).isEqualTo(before);
    alice.send(status("a1", Side.BUY));
    assertReport(
        alice.expect(MsgType.EXECUTION_REPORT),
        "I",
        "0",
        "a1",
        null,
        "0.50000000",
        "0.00000000",
        "0.50000000",
        "0.00");
  }

  private static void assertCancelReject(Message reject, String responseTo, String text)
      throws FieldNotFound {
    assertThat(reject.getString(ORIG_CL_ORD_ID)).isEqualTo("a1");
    assertThat(reject.getString(ORD_STATUS)).isEqualTo("0");
    assertThat(reject.getString(434)).as("CxlRejResponseTo").isEqualTo(responseTo);
    assertThat(reject.getString(Text.FIELD)).isEqualTo(text);
  }

  @Test
  void decimalsOffTheMarketsTickLotOrPrecisionAreRefusedWithTheReason() throws Exception {
    long before = commands();
    Map<NewOrderSingle, String> cases = new LinkedHashMap<>();
    cases.put(
        limit("t1", Side.BUY, "30000.50", "0.10"),
        "order.tick: Price(44) 30000.50 is not a multiple of the tick size 1.00");
    cases.put(
        limit("t2", Side.BUY, "30000.001", "0.10"),
        "amount.precision: Price(44) \"30000.001\" has more than 2 decimal places");
    cases.put(
        limit("t3", Side.BUY, "30000", "0.015"),
        "order.lot: OrderQty(38) 0.015 is not a multiple of the lot size 0.01000000");
    cases.put(
        limit("t4", Side.BUY, "30000", "0.000000001"),
        "amount.precision: OrderQty(38) \"0.000000001\" has more than 8 decimal places");
    cases.put(limit("t5", Side.BUY, "0", "0.01"), "order.price: Price(44) must be positive, got 0");
    NewOrderSingle day = limit("t6", Side.BUY, "30000", "0.01");
    day.setChar(TimeInForce.FIELD, TimeInForce.DAY);
    cases.put(day, "order.tif: TimeInForce(59) must be 1 (GTC), 3 (IOC) or 4 (FOK)");
    NewOrderSingle inst = limit("t7", Side.BUY, "30000", "0.01");
    inst.setString(ExecInst.FIELD, "1");
    cases.put(inst, "order.exec_inst: ExecInst(18) may only be 6 (post-only), got \"1\"");
    for (Map.Entry<NewOrderSingle, String> c : cases.entrySet()) {
      alice.send(c.getKey());
      Message er = alice.expect(MsgType.EXECUTION_REPORT);
      assertThat(er.getString(EXEC_TYPE)).isEqualTo("8");
      assertThat(er.getString(CL_ORD_ID)).isEqualTo(c.getKey().getString(ClOrdID.FIELD));
      assertThat(er.getString(Text.FIELD)).isEqualTo(c.getValue());
    }
    assertThat(commands()).isEqualTo(before);

    // Post-only is ExecInst 6; the venue refuses it when it would take.
    bob.send(limit("b1", Side.SELL, "30000", "0.01"));
    bob.expect(MsgType.EXECUTION_REPORT);
    NewOrderSingle postOnly = limit("p1", Side.BUY, "30000", "0.01");
    postOnly.setString(ExecInst.FIELD, "6");
    alice.send(postOnly);
    Message er = alice.expect(MsgType.EXECUTION_REPORT);
    assertThat(er.getString(EXEC_TYPE)).isEqualTo("8");
    assertThat(er.getString(Text.FIELD)).startsWith("order.post_only_would_take");
  }

  @Test
  void malformedMessagesGetSessionAndBusinessRejects() throws Exception {
    NewOrderSingle noSide = limit("s1", Side.BUY, "30000.00", "0.10");
    noSide.removeField(Side.FIELD);
    alice.send(noSide);
    Message reject = alice.expect(MsgType.REJECT);
    assertThat(reject.getInt(RefTagID.FIELD)).isEqualTo(Side.FIELD);
    assertThat(reject.getString(Text.FIELD)).isNotBlank();

    News news = new News();
    news.setString(Headline.FIELD, "hello");
    Group line = new News.LinesOfText();
    line.setString(Text.FIELD, "a line");
    news.addGroup(line);
    alice.send(news);
    Message business = alice.expect(MsgType.BUSINESS_MESSAGE_REJECT);
    assertThat(business.getInt(BusinessRejectReason.FIELD))
        .isEqualTo(BusinessRejectReason.UNSUPPORTED_MESSAGE_TYPE);

    alice.send(status("nope", Side.BUY));
    Message unknown = alice.expect(MsgType.EXECUTION_REPORT);
    assertReport(unknown, "I", "8", "nope", null, null, "0", "0", "0");
    assertThat(unknown.getString(ORD_REJ_REASON)).isEqualTo("5");
  }

  @Test
  void logonsWithAnotherKeyOrAnotherChainAreRefused() throws Exception {
    try (FixTestClient impostor =
        new FixTestClient("CAROL", VENUE, acceptor.port(), BOB_KEY, CHAIN)) {
      assertThat(impostor.awaitLogout())
          .isEqualTo(
              "fix.logon_key: Username(553) is not the key registered for this SenderCompID");
      assertThat(impostor.isLoggedOn()).isFalse();
    }
    try (FixTestClient otherChain =
        new FixTestClient("CAROL", VENUE, acceptor.port(), CAROL_KEY, (byte) 'L')) {
      assertThat(otherChain.awaitLogout())
          .startsWith("fix.logon_signature: the signature in RawData(96) does not verify");
      assertThat(otherChain.isLoggedOn()).isFalse();
    }
    try (FixTestClient carol =
        new FixTestClient("CAROL", VENUE, acceptor.port(), CAROL_KEY, CHAIN)) {
      carol.awaitLogon();
    }
  }

  @Test
  void aPortInUseIsReportedWhenStarting() {
    FixSettings busy =
        new FixSettings(
            "OTHER",
            "127.0.0.1",
            acceptor.port(),
            60,
            CHAIN,
            Optional.empty(),
            List.of(new FixCounterparty("ALICE", ALICE_KEY.publicKey(), ALICE)));
    // Twice: a failed start leaves nothing behind that would change how a retry fails.
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> FixAcceptor.start(busy, venue))
          .isInstanceOfSatisfying(
              SteleException.class, e -> assertThat(e.code()).isEqualTo("fix.start"))
          .hasMessageContaining("127.0.0.1:" + acceptor.port());
    }
  }

  // ---------------------------------------------------------------- messages

  static NewOrderSingle limit(String clOrdId, char side, String price, String qty) {
    NewOrderSingle m = new NewOrderSingle();
    m.setString(ClOrdID.FIELD, clOrdId);
    m.setChar(Side.FIELD, side);
    m.setString(Symbol.FIELD, EngineVenue.SYMBOL);
    m.setUtcTimeStamp(TransactTime.FIELD, TIME);
    m.setChar(OrdType.FIELD, OrdType.LIMIT);
    m.setString(Price.FIELD, price);
    m.setString(OrderQty.FIELD, qty);
    return m;
  }

  static OrderCancelReplaceRequest amend(
      String orig, String clOrdId, char side, String price, String qty) {
    OrderCancelReplaceRequest m = new OrderCancelReplaceRequest();
    m.setString(OrigClOrdID.FIELD, orig);
    m.setString(ClOrdID.FIELD, clOrdId);
    m.setChar(Side.FIELD, side);
    m.setString(Symbol.FIELD, EngineVenue.SYMBOL);
    m.setUtcTimeStamp(TransactTime.FIELD, TIME);
    m.setChar(OrdType.FIELD, OrdType.LIMIT);
    m.setString(Price.FIELD, price);
    m.setString(OrderQty.FIELD, qty);
    return m;
  }

  static OrderCancelRequest cancel(String orig, String clOrdId, char side) {
    OrderCancelRequest m = new OrderCancelRequest();
    m.setString(OrigClOrdID.FIELD, orig);
    m.setString(ClOrdID.FIELD, clOrdId);
    m.setChar(Side.FIELD, side);
    m.setString(Symbol.FIELD, EngineVenue.SYMBOL);
    m.setUtcTimeStamp(TransactTime.FIELD, TIME);
    return m;
  }

  static OrderStatusRequest status(String clOrdId, char side) {
    OrderStatusRequest m = new OrderStatusRequest();
    m.setString(ClOrdID.FIELD, clOrdId);
    m.setChar(Side.FIELD, side);
    m.setString(Symbol.FIELD, EngineVenue.SYMBOL);
    return m;
  }

  static MarketDataRequest marketData(String reqId, char type, String symbol) {
    MarketDataRequest m = new MarketDataRequest();
    m.setString(MDReqID.FIELD, reqId);
    m.setChar(SubscriptionRequestType.FIELD, type);
    m.setInt(MarketDepth.FIELD, 0);
    for (char entry : new char[] {MDEntryType.BID, MDEntryType.OFFER}) {
      Group g = new MarketDataRequest.NoMDEntryTypes();
      g.setChar(MDEntryType.FIELD, entry);
      m.addGroup(g);
    }
    Group sym = new MarketDataRequest.NoRelatedSym();
    sym.setString(Symbol.FIELD, symbol);
    m.addGroup(sym);
    return m;
  }

  // ---------------------------------------------------------------- reading reports

  /** Checks the fields of an ExecutionReport that matter; null means the tag must be absent. */
  static void assertReport(
      Message er,
      String execType,
      String ordStatus,
      String clOrdId,
      String origClOrdId,
      String orderQty,
      String cumQty,
      String leavesQty,
      String avgPx)
      throws FieldNotFound {
    assertThat(tag(er, EXEC_TYPE)).as("ExecType of " + er).isEqualTo(execType);
    assertThat(tag(er, ORD_STATUS)).as("OrdStatus of " + er).isEqualTo(ordStatus);
    assertThat(tag(er, CL_ORD_ID)).as("ClOrdID of " + er).isEqualTo(clOrdId);
    assertThat(tag(er, ORIG_CL_ORD_ID)).as("OrigClOrdID of " + er).isEqualTo(origClOrdId);
    assertThat(tag(er, ORDER_QTY)).as("OrderQty of " + er).isEqualTo(orderQty);
    assertThat(tag(er, CUM_QTY)).as("CumQty of " + er).isEqualTo(cumQty);
    assertThat(tag(er, LEAVES_QTY)).as("LeavesQty of " + er).isEqualTo(leavesQty);
    assertThat(tag(er, AVG_PX)).as("AvgPx of " + er).isEqualTo(avgPx);
    if (!execType.equals("F")) {
      assertThat(tag(er, LAST_PX)).as("LastPx of " + er).isNull();
    }
  }

  private static void assertLast(Message er, String lastPx, String lastQty) throws FieldNotFound {
    assertThat(er.getString(LAST_PX)).isEqualTo(lastPx);
    assertThat(er.getString(LAST_QTY)).isEqualTo(lastQty);
  }

  private static String tag(Message m, int tag) throws FieldNotFound {
    return m.isSetField(tag) ? m.getString(tag) : null;
  }

  /** W entries as "type price size". */
  private static List<String> entries(Message w) throws FieldNotFound {
    List<String> out = new java.util.ArrayList<>();
    for (Group g : w.getGroups(268)) {
      out.add(g.getString(269) + " " + g.getString(270) + " " + g.getString(271));
    }
    return out;
  }

  /** X entries as "action type symbol price size", "-" for no size. */
  private static List<String> increments(Message x) throws FieldNotFound {
    List<String> out = new java.util.ArrayList<>();
    for (Group g : x.getGroups(268)) {
      out.add(
          g.getString(279)
              + " "
              + g.getString(269)
              + " "
              + g.getString(55)
              + " "
              + g.getString(270)
              + " "
              + (g.isSetField(271) ? g.getString(271) : "-"));
    }
    return out;
  }
}
