package io.stele.exchange.venue;

import static io.stele.exchange.venue.SealedVenueTest.CHAIN;
import static io.stele.exchange.venue.SealedVenueTest.awaitTrue;
import static io.stele.exchange.venue.SealedVenueTest.codeOf;
import static io.stele.exchange.venue.SealedVenueTest.fund;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.journal.Recovery;
import io.stele.exchange.sealed.ExchangeAudit;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.exchange.sealed.OrderSealer;
import io.stele.exchange.sealed.OutcomeArchive;
import io.stele.exchange.sealed.SealedExchange;
import io.stele.exchange.sealed.SequencerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The venue's sealed market is auditable from its published directory alone: deposits to sealed
 * accounts and sealed orders, across a restart, re-execute to the published trades and state; and a
 * copy of the directory with one deposit, order, trade or state hash changed is refused with the
 * code that names the change.
 */
class SealedVenueAuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BTC = 2;
  private static final int USD = 3;

  @TempDir Path dir;
  @TempDir Path copies;

  private final SeededRng rng = new SeededRng(21);
  private final KeyPair faucet = KeyPair.generate(rng);
  private final KeyPair seller = KeyPair.generate(rng);
  private final KeyPair buyer = KeyPair.generate(rng);
  private final ManualClock clock = new ManualClock(1_800_000_000_000L);
  private Path published;
  private byte[] venueStateHash;

  private VenueConfig config() {
    return new VenueConfig(
        CHAIN,
        List.of(new AssetSpec("STL", 8), new AssetSpec("BTC", 8), new AssetSpec("USD", 2)),
        List.of(
            new MarketSpec(
                "STL-USD",
                "STL",
                "USD",
                1,
                100_000_000,
                0,
                0,
                SelfTradePrevention.CANCEL_NEWEST,
                false),
            new MarketSpec(
                "BTC-USD",
                "BTC",
                "USD",
                100,
                1_000_000,
                10,
                10,
                SelfTradePrevention.CANCEL_NEWEST,
                true)),
        Optional.of(faucet.publicKey()),
        30_000,
        new SequencerConfig(CHAIN, 100, 60_000, 1),
        2,
        3);
  }

  /** Batch 1: two deposits and a sell; a restart; batch 2: one more deposit and a buy. */
  @BeforeEach
  void runTheSealedMarketAcrossARestart() throws Exception {
    long buyerAccount = SealedExchange.accountOf(buyer.publicKey());
    try (Venue venue = Venue.open(dir, config(), clock, rng, null, null)) {
      // a deposit on the continuous markets is not a balance on the sealed ones
      venue.deposit(faucet.publicKey(), buyerAccount, USD, 500).join();
      fund(venue, faucet, 1, seller, BTC, 100_000_000);
      fund(venue, faucet, 2, buyer, USD, 1_000_000);
      venue.admit(sealed(seller, venue, 7, Side.SELL, 3_000_000, 50_000_000));
      clock.advance(60_000);
      // the batch's commands are applied as one group: its order shows once all of them ran
      awaitTrue(() -> executed(venue) == 1 && venue.order(7).isPresent());
      assertThat(venue.balances(buyerAccount)).containsExactly(new Balance(USD, 500, 0));
      assertThat(venue.sealedBalances(buyerAccount))
          .containsExactly(new Balance(USD, 1_000_000, 0));
      assertThat(venue.book(2, 5).asks()).hasSize(1);
      assertThat(venue.book(1, 5).asks()).isEmpty();
    }
    try (Venue venue = Venue.open(dir, config(), clock, rng, null, null)) {
      assertThat(venue.sealedBalances(buyerAccount))
          .containsExactly(new Balance(USD, 1_000_000, 0));
      fund(venue, faucet, 1, buyer, USD, 9_000_000);
      venue.admit(sealed(buyer, venue, 8, Side.BUY, 3_100_000, 30_000_000));
      // the faucet alone funds accounts, and a deposit is not replayed
      assertThat(codeOf(() -> fund(venue, seller, 1, seller, USD, 1)))
          .isEqualTo("exchange.not_faucet");
      assertThat(codeOf(() -> fund(venue, faucet, 1, buyer, USD, 9_000_000)))
          .isEqualTo("sealed.replayed_counter");
      clock.advance(60_000);
      awaitTrue(() -> executed(venue) == 2 && !venue.trades(2, 10).isEmpty());
      assertThat(venue.order(8).orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
      // 0.3 BTC bought; none of it on the continuous side
      assertThat(venue.sealedBalances(buyerAccount).get(0))
          .isEqualTo(new Balance(BTC, 30_000_000, 0));
      assertThat(venue.balances(buyerAccount)).containsExactly(new Balance(USD, 500, 0));
      venueStateHash = venue.sealedStateHash();
      published = venue.sealedMarkets().orElseThrow().directory();
    }
  }

  @Test
  void theAuditReExecutesThePublishedDirectoryToTheVenuesTradesAndState() {
    ExchangeAudit.Report report = new ExchangeAudit(null).audit(published, published);
    // the venue dealt its epochs itself, says so, and nothing was checked against a key service
    assertThat(report.custody()).isEqualTo(OutcomeArchive.Custody.IN_PROCESS);
    assertThat(report.keySource()).isEqualTo(ExchangeAudit.KeySource.NONE);
    assertThat(report.keyService()).isNull();
    assertThat(report.batches().batches()).isEqualTo(2);
    assertThat(report.batches().opened()).hasSize(2);
    // one auction: the buyer's and the seller's fill
    assertThat(report.trades()).isEqualTo(2);
    assertThat(report.stateHash()).isEqualTo(Bytes.wrap(venueStateHash));
    // the sealed lane's own journal recovers to that state too
    assertThat(Recovery.recover(dir.resolve(Venue.SEALED_ENGINE)).engine().stateHash())
        .isEqualTo(venueStateHash);
  }

  @Test
  void anAuditorWhoTrustsAKeyServiceFindsTheEpochsUnsigned() {
    assertThat(
            codeOf(
                () ->
                    new ExchangeAudit(null)
                        .audit(published, published, KeyPair.generate(rng).publicKey())))
        .isEqualTo("audit.epoch_unsigned");
  }

  @Test
  void anAlteredDeposit() throws IOException {
    Path copy =
        tampered("batch", 1, b -> alterBase64((ObjectNode) deposits(b).get(0), "deposit", 120));
    assertThat(codeOfAudit(copy)).isEqualTo("audit.deposit_altered");
  }

  @Test
  void reorderedAndDroppedDeposits() throws IOException {
    Path swapped =
        tampered(
            "batch",
            1,
            b -> {
              ArrayNode deposits = deposits(b);
              deposits.insert(0, deposits.remove(1));
            });
    assertThat(codeOfAudit(swapped)).isEqualTo("audit.deposit_reordered");
    Path dropped = tampered("batch", 2, b -> deposits(b).remove(0));
    assertThat(codeOfAudit(dropped)).isEqualTo("audit.deposit_dropped");
  }

  @Test
  void anAlteredOrder() throws IOException {
    Path copy =
        tampered(
            "batch",
            2,
            b -> {
              ArrayNode envelopes = (ArrayNode) b.get("envelopes");
              byte[] bytes = Base64.getDecoder().decode(envelopes.get(0).asText());
              bytes[130] ^= 1;
              envelopes.set(0, Base64.getEncoder().encodeToString(bytes));
            });
    assertThat(codeOfAudit(copy)).isEqualTo("audit.envelope_altered");
  }

  @Test
  void anAlteredTrade() throws IOException {
    Path copy =
        tampered(
            "outcome",
            2,
            o -> {
              ObjectNode fill = (ObjectNode) o.get("fills").get(0);
              fill.put("size", Long.toString(Long.parseLong(fill.get("size").asText()) + 1));
            });
    assertThat(codeOfAudit(copy)).isEqualTo("audit.trade_altered");
  }

  @Test
  void anAlteredStateHash() throws IOException {
    String other = Bytes.wrap(new byte[32]).toBase58();
    Path copy = tampered("outcome", 1, o -> o.put("stateHash", other));
    assertThat(codeOfAudit(copy)).isEqualTo("audit.state_hash");
  }

  private static ArrayNode deposits(ObjectNode batch) {
    return (ArrayNode) batch.get("deposits");
  }

  private static void alterBase64(ObjectNode node, String field, int at) {
    byte[] bytes = Base64.getDecoder().decode(node.get(field).asText());
    bytes[at] ^= 1;
    node.put(field, Base64.getEncoder().encodeToString(bytes));
  }

  /** A copy of the published directory with one file of {@code kind} and sequence changed. */
  private Path tampered(String kind, long sequence, Consumer<ObjectNode> change)
      throws IOException {
    Path copy = Files.createTempDirectory(copies, "copy");
    try (Stream<Path> files = Files.list(published)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    Path file = copy.resolve(String.format("%s-%012d.json", kind, sequence));
    ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
    change.accept(node);
    JSON.writeValue(file.toFile(), node);
    return copy;
  }

  private static String codeOfAudit(Path directory) {
    return codeOf(() -> new ExchangeAudit(null).audit(directory, directory));
  }

  private static long executed(Venue venue) {
    return venue.batches(1, 10).stream().filter(SealedMarkets.BatchInfo::executed).count();
  }

  private byte[] sealed(KeyPair client, Venue venue, long order, Side side, long price, long size) {
    return new OrderSealer(client, venue.epoch(), rng, 0)
        .seal(
            new OrderPayload.Place(
                    order, 2, side, OrderType.LIMIT, TimeInForce.GTC, false, price, size)
                .encode())
        .bytes()
        .toArray();
  }
}
