package io.stele.exchange.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.sealed.AuditReport;
import io.stele.exchange.sealed.BatchArchive;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.exchange.sealed.OrderSealer;
import io.stele.exchange.sealed.SealedAudit;
import io.stele.exchange.sealed.SealedDeposit;
import io.stele.exchange.sealed.SealedExchange;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedVenueTest {
  static final int CHAIN = 'V';

  @TempDir Path dir;

  @Test
  void sealedOrdersRunThroughTheJournalAsABatchAuctionAndTheFilesAudit() throws Exception {
    SeededRng rng = new SeededRng(3);
    KeyPair faucet = KeyPair.generate(rng);
    KeyPair seller = KeyPair.generate(rng);
    KeyPair buyer = KeyPair.generate(rng);
    // two envelopes make a batch, so both are sealed to the same epoch whatever the timing
    VenueConfig config = SealedVenues.btcUsd(CHAIN, faucet.publicKey(), 2, 1);
    long buyerAccount = SealedExchange.accountOf(buyer.publicKey());
    Path sealedDir;
    try (Venue venue = Venue.open(dir, config, new SystemClock(), rng, null, null)) {
      fund(venue, faucet, 1, seller, 1, 100_000_000);
      fund(venue, faucet, 2, buyer, 2, 10_000_000);
      OrderSealer sell = new OrderSealer(seller, venue.epoch(), rng, 0);
      OrderSealer buy = new OrderSealer(buyer, venue.epoch(), rng, 0);
      // sell 0.5 BTC at 30,000 USD or better; buy 0.3 BTC at up to 31,000 USD
      venue.admit(
          sell.seal(
                  new OrderPayload.Place(
                          7,
                          1,
                          Side.SELL,
                          OrderType.LIMIT,
                          TimeInForce.GTC,
                          false,
                          3_000_000,
                          50_000_000)
                      .encode())
              .bytes()
              .toArray());
      SealedMarkets.Admission admission =
          venue.admit(
              buy.seal(
                      new OrderPayload.Place(
                              8,
                              1,
                              Side.BUY,
                              OrderType.LIMIT,
                              TimeInForce.GTC,
                              false,
                              3_100_000,
                              30_000_000)
                          .encode())
                  .bytes()
                  .toArray());
      assertThat(admission.account()).isEqualTo(buyerAccount);
      // nothing is executed before the batch is sealed, published and its epoch key released
      awaitTrue(() -> !venue.trades(1, 10).isEmpty());

      TradeRecord auction = venue.trades(1, 10).get(0);
      assertThat(auction.size()).isEqualTo(30_000_000);
      assertThat(auction.takerSide()).isNull();
      assertThat(venue.order(8).orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
      assertThat(venue.order(7).orElseThrow().remaining()).isEqualTo(20_000_000);
      assertThat(venue.sealedBalances(buyerAccount).get(0))
          .isEqualTo(new Balance(1, 30_000_000, 0));
      awaitTrue(() -> venue.batches(1, 10).stream().anyMatch(SealedMarkets.BatchInfo::executed));
      sealedDir = venue.sealedMarkets().orElseThrow().directory();
    }
    AuditReport report = new SealedAudit(CHAIN, 1, null, faucet.publicKey()).audit(sealedDir);
    assertThat(report.payloads()).hasSize(2);
  }

  @Test
  void admittedEnvelopesSurviveARestartAndTheChainContinues() throws Exception {
    SeededRng rng = new SeededRng(4);
    KeyPair faucet = KeyPair.generate(rng);
    KeyPair seller = KeyPair.generate(rng);
    KeyPair buyer = KeyPair.generate(rng);
    VenueConfig config = SealedVenues.btcUsd(CHAIN, faucet.publicKey(), 100, 1);
    ManualClock clock = new ManualClock(1_800_000_000_000L);
    byte[] sell;
    try (Venue venue = Venue.open(dir, config, clock, rng, null, null)) {
      fund(venue, faucet, 1, seller, 1, 100_000_000);
      fund(venue, faucet, 2, buyer, 2, 10_000_000);
      sell = sealed(seller, venue, rng, 7, Side.SELL, 50_000_000);
      venue.admit(sell);
      venue.admit(sealed(buyer, venue, rng, 8, Side.BUY, 30_000_000));
      // Acknowledged as admitted; the batch is not due for another minute.
      assertThat(venue.batches(1, 10)).isEmpty();
    }
    Bytes first;
    try (Venue venue = Venue.open(dir, config, clock, rng, null, null)) {
      assertThat(venue.epoch().epoch()).isZero();
      byte[] again = sell;
      assertThat(codeOf(() -> venue.admit(again))).isEqualTo("sealed.replayed_counter");
      clock.advance(60_000);
      // A batch counts as executed once its commands are handed to the pipeline: wait for them.
      awaitTrue(() -> venue.order(8).isPresent() && !venue.trades(1, 10).isEmpty());
      SealedMarkets.BatchInfo batch = venue.batches(1, 10).get(0);
      assertThat(batch.sequence()).isEqualTo(1);
      assertThat(batch.envelopes()).isEqualTo(2);
      assertThat(venue.order(8).orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
      first = batch.hash();
      assertThat(venue.epoch().epoch()).isEqualTo(1);
      venue.admit(sealed(seller, venue, rng, 9, Side.SELL, 10_000_000));
    }
    try (Venue venue = Venue.open(dir, config, clock, rng, null, null)) {
      // Batch 1 was executed before the stop and is not executed again.
      assertThat(venue.trades(1, 10)).hasSize(1);
      clock.advance(60_000);
      awaitTrue(() -> venue.batches(1, 10).stream().filter(b -> b.executed()).count() == 2);
      awaitTrue(() -> venue.order(9).isPresent());
      SealedMarkets.BatchInfo second = venue.batches(2, 1).get(0);
      assertThat(second.sequence()).isEqualTo(2);
      Path published = venue.sealedMarkets().orElseThrow().directory();
      assertThat(new BatchArchive(published).readBatch(2).orElseThrow().previousHash())
          .isEqualTo(first);
      assertThat(venue.order(9).orElseThrow().remaining()).isEqualTo(10_000_000);
      assertThat(venue.trades(1, 10)).hasSize(1);
      AuditReport report = new SealedAudit(CHAIN, 1, null, faucet.publicKey()).audit(published);
      assertThat(report.payloads()).hasSize(3);
    }
  }

  @Test
  void aBatchSealedButNotExecutedBeforeAStopIsExecutedAfterIt() throws Exception {
    SeededRng rng = new SeededRng(6);
    KeyPair faucet = KeyPair.generate(rng);
    KeyPair seller = KeyPair.generate(rng);
    KeyPair buyer = KeyPair.generate(rng);
    // two batches per epoch: the first batch waits for the second before it can open
    VenueConfig config = SealedVenues.btcUsd(CHAIN, faucet.publicKey(), 100, 2);
    ManualClock clock = new ManualClock(1_800_000_000_000L);
    Bytes first;
    try (Venue venue = Venue.open(dir, config, clock, rng, null, null)) {
      fund(venue, faucet, 1, seller, 1, 100_000_000);
      fund(venue, faucet, 2, buyer, 2, 10_000_000);
      venue.admit(sealed(seller, venue, rng, 7, Side.SELL, 50_000_000));
      venue.admit(sealed(buyer, venue, rng, 8, Side.BUY, 30_000_000));
      clock.advance(60_000);
      awaitTrue(() -> !venue.batches(1, 10).isEmpty());
      first = venue.batches(1, 1).get(0).hash();
      assertThat(venue.batches(1, 1).get(0).executed()).isFalse();
    }
    try (Venue venue = Venue.open(dir, config, clock, rng, null, null)) {
      assertThat(venue.batches(1, 10)).hasSize(1);
      // One interval later an empty batch closes the epoch; both batches open and execute.
      clock.advance(60_000);
      awaitTrue(() -> venue.batches(1, 10).stream().filter(b -> b.executed()).count() == 2);
      awaitTrue(() -> venue.order(8).isPresent() && !venue.trades(1, 10).isEmpty());
      Path published = venue.sealedMarkets().orElseThrow().directory();
      assertThat(new BatchArchive(published).readBatch(2).orElseThrow().previousHash())
          .isEqualTo(first);
      assertThat(venue.order(8).orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
      assertThat(venue.trades(1, 10)).hasSize(1);
      assertThat(new SealedAudit(CHAIN, 2, null, faucet.publicKey()).audit(published).payloads())
          .hasSize(2);
    }
  }

  /** Funds {@code to}'s sealed-market account with a deposit signed by the faucet. */
  static void fund(Venue venue, KeyPair faucet, long counter, KeyPair to, int asset, long amount) {
    venue.admit(
        SealedDeposit.sign(
                faucet, CHAIN, venue.epoch().epoch(), counter, to.publicKey(), asset, amount)
            .bytes()
            .toArray());
  }

  private static byte[] sealed(
      KeyPair client, Venue venue, SeededRng rng, long order, Side side, long size) {
    return new OrderSealer(client, venue.epoch(), rng, order)
        .seal(
            new OrderPayload.Place(
                    order,
                    1,
                    side,
                    OrderType.LIMIT,
                    TimeInForce.GTC,
                    false,
                    side == Side.SELL ? 3_000_000 : 3_100_000,
                    size)
                .encode())
        .bytes()
        .toArray();
  }

  static String codeOf(Runnable action) {
    try {
      action.run();
    } catch (io.stele.core.error.SteleException e) {
      return e.code();
    }
    throw new AssertionError("expected a rejection");
  }

  static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
