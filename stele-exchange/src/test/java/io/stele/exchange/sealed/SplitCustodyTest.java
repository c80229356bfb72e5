package io.stele.exchange.sealed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.core.anchor.AnchorProof;
import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.venue.SealedMarkets;
import io.stele.exchange.venue.SealedVenues;
import io.stele.exchange.venue.Venue;
import io.stele.exchange.venue.VenueConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key service and three key holders as separate objects, each with its own directory, talking
 * to the venue only through the interfaces the HTTP routes serve: the venue never holds an epoch
 * key before two holders release their shares, and they release only after the published chain.
 */
class SplitCustodyTest {
  static final int CHAIN = 'K';

  @TempDir Path dir;

  final SeededRng rng = new SeededRng(11);
  final KeyPair dealerKey = KeyPair.generate(rng);
  final List<KeyPair> holderNodeKeys =
      List.of(KeyPair.generate(rng), KeyPair.generate(rng), KeyPair.generate(rng));
  final KeyPair faucet = KeyPair.generate(rng);
  final KeyPair seller = KeyPair.generate(rng);
  final KeyPair buyer = KeyPair.generate(rng);

  /** The venue's published chain as a holder reads it; the anchors are those the venue filed. */
  static PublishedChain chainOf(Venue venue) {
    BatchArchive archive = new BatchArchive(venue.sealedMarkets().orElseThrow().directory());
    return new PublishedChain() {
      @Override
      public Optional<PublishedBatch> batch(long sequence) {
        return archive.readBatch(sequence);
      }

      @Override
      public Optional<AnchorProof> anchor(long sequence) {
        return archive.readAnchor(sequence);
      }

      @Override
      public boolean executed(long sequence) {
        return venue.batches(sequence, 1).stream().anyMatch(b -> b.executed());
      }
    };
  }

  /** A venue, a key service and three holders wired as the devnet wires them, minus HTTP. */
  final class Custody {
    final List<KeyHolderService> holders = new ArrayList<>();
    final List<PublishedChain> chains = new ArrayList<>();
    final KeyService service;
    final AtomicInteger delivered = new AtomicInteger();
    final BatchAnchorVerifier anchors;

    Custody(BatchAnchorVerifier anchors) {
      this.anchors = anchors;
      List<Bytes> holderKeys = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        holders.add(holder(i));
        holderKeys.add(holders.get(i).agreementKey());
      }
      service =
          new KeyService(
              CHAIN,
              dealerKey,
              2,
              holderKeys,
              (index, delivery) -> {
                delivered.incrementAndGet();
                holders.get(index - 1).accept(delivery);
              },
              rng,
              dir.resolve("key-service"));
    }

    /** Holder i (from 0) over its own directory: a new one after a restart. */
    KeyHolderService holder(int i) {
      return new KeyHolderService(
          CHAIN,
          HolderKey.of(holderNodeKeys.get(i), CHAIN),
          dealerKey.publicKey(),
          1,
          anchors,
          new LateChain(() -> chains.get(i)),
          dir.resolve("holder-" + (i + 1)));
    }

    RemoteCustody custody(boolean... releasing) {
      List<RemoteCustody.HolderLink> links = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        KeyHolderService holder = holders.get(i);
        boolean on = releasing.length == 0 || releasing[i];
        links.add(
            epoch -> {
              if (!on) {
                throw new SteleException("custody.unavailable", "holder is down");
              }
              return holder.release(epoch);
            });
      }
      return new RemoteCustody(
          dealerKey.publicKey(), epoch -> service.announce(epoch).encoded().toArray(), links);
    }

    void follow(Venue venue) {
      chains.clear();
      while (chains.size() < 3) {
        chains.add(chainOf(venue));
      }
      holders.forEach(KeyHolderService::follow);
    }
  }

  /** A chain whose venue is opened after the holders. */
  record LateChain(java.util.function.Supplier<PublishedChain> target) implements PublishedChain {
    @Override
    public Optional<PublishedBatch> batch(long sequence) {
      return target.get().batch(sequence);
    }

    @Override
    public Optional<AnchorProof> anchor(long sequence) {
      return target.get().anchor(sequence);
    }

    @Override
    public boolean executed(long sequence) {
      return target.get().executed(sequence);
    }
  }

  VenueConfig config() {
    return SealedVenues.btcUsd(CHAIN, faucet.publicKey(), 2, 1);
  }

  /**
   * Funds both sides' sealed-market accounts (deposits in the batch) and admits a crossing sell and
   * buy: one full batch of epoch 0.
   */
  void placeCrossingOrders(Venue venue) {
    long epoch = venue.epoch().epoch();
    venue.admit(
        SealedDeposit.sign(faucet, CHAIN, epoch, 1, seller.publicKey(), 1, 100_000_000)
            .bytes()
            .toArray());
    venue.admit(
        SealedDeposit.sign(faucet, CHAIN, epoch, 2, buyer.publicKey(), 2, 10_000_000)
            .bytes()
            .toArray());
    // each admission names its place in the sealed order: batch 1, positions 0 and 1 (the
    // second completes the batch of two)
    SealedMarkets.Admission sell =
        venue.admit(order(seller, 7, Side.SELL, 50_000_000, venue.epoch()));
    SealedMarkets.Admission buy = venue.admit(order(buyer, 8, Side.BUY, 30_000_000, venue.epoch()));
    assertThat(List.of(sell.batch(), (long) sell.position(), buy.batch(), (long) buy.position()))
        .containsExactly(1L, 0L, 1L, 1L);
  }

  byte[] order(KeyPair client, long id, Side side, long size, EpochAnnouncement epoch) {
    return new OrderSealer(client, epoch, rng, 0)
        .seal(
            new OrderPayload.Place(
                    id, 1, side, OrderType.LIMIT, TimeInForce.GTC, false, 3_000_000, size)
                .encode())
        .bytes()
        .toArray();
  }

  @Test
  void anOrderRunsWithTheKeyServiceAndHoldersOutsideTheVenue() throws Exception {
    InMemoryAnchorer ledger = new InMemoryAnchorer();
    Custody custody = new Custody(ledger);
    Path venueDir = dir.resolve("venue");
    try (Venue venue =
        Venue.open(venueDir, config(), new SystemClock(), rng, ledger, ledger, custody.custody())) {
      // epoch 0's shares were delivered before the venue opened (epoch 1's may follow at once)
      assertThat(custody.delivered.get()).isGreaterThanOrEqualTo(3);
      for (KeyHolderService holder : custody.holders) {
        assertThat(holder.epochs()).contains(0L);
      }
      // clients are shown the key service's signed epoch with the announcement
      assertThat(venue.currentEpoch().signed())
          .hasValueSatisfying(
              s -> assertThat(s.encoded()).isEqualTo(custody.service.announce(0).encoded()));
      placeCrossingOrders(venue);
      awaitTrue(
          () -> {
            custody.follow(venue);
            return !venue.trades(1, 10).isEmpty();
          });
      assertThat(venue.trades(1, 10).get(0).size()).isEqualTo(30_000_000);
      // the released shares are published for the audit
      assertThat(new BatchArchive(venue.sealedMarkets().orElseThrow().directory()).readShares(0))
          .hasValueSatisfying(s -> assertThat(s).hasSize(2));
      // once executed, the holders forget epoch 0
      awaitTrue(
          () -> {
            custody.follow(venue);
            return custody.holders.stream().noneMatch(h -> h.epochs().contains(0L));
          });
      assertThat(Files.exists(dir.resolve("holder-1").resolve("epoch-0.share"))).isFalse();
    }
    assertThat(venueDir.resolve("key-holders")).doesNotExist();
    assertThat(
            new SealedAudit(CHAIN, 1, ledger, faucet.publicKey())
                .audit(venueDir.resolve("sealed"))
                .payloads())
        .hasSize(2);
    // the venue published the key service's signed epochs, which the audit checks
    Path published = venueDir.resolve("sealed");
    assertThat(Files.readAllBytes(published.resolve("epoch-0.signed")))
        .isEqualTo(custody.service.announce(0).encoded().toArray());
    ExchangeAudit.Report report =
        new ExchangeAudit(ledger).audit(published, published, dealerKey.publicKey());
    assertThat(report.batches().opened()).hasSize(1);
    assertThat(report.custody()).isEqualTo(OutcomeArchive.Custody.KEY_SERVICE);
    assertThat(report.keyService()).isEqualTo(dealerKey.publicKey());
    assertThat(report.keySource()).isEqualTo(ExchangeAudit.KeySource.AUDITOR);
    assertThat(new ExchangeAudit(ledger).audit(published, published).keySource())
        .isEqualTo(ExchangeAudit.KeySource.MANIFEST);
    // an auditor who trusts another key service is told that exchange.json names another one
    assertThatThrownBy(
            () -> new ExchangeAudit(ledger).audit(published, published, faucet.publicKey()))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("audit.key_service");
  }

  @Test
  void holdersWithholdTheirSharesUntilTheEpochsBatchIsAnchoredAndTheVenueHasNoKeyBefore()
      throws Exception {
    HeldAnchorer ledger = new HeldAnchorer();
    Custody custody = new Custody(ledger.verifier);
    Path venueDir = dir.resolve("venue");
    // holders 2 and 3 do not answer the venue: one released share is not enough
    try (Venue venue =
        Venue.open(
            venueDir,
            config(),
            new SystemClock(),
            rng,
            ledger,
            ledger.verifier,
            custody.custody(true, false, false))) {
      placeCrossingOrders(venue);
      awaitTrue(() -> new BatchArchive(venueDir.resolve("sealed")).readBatch(1).isPresent());
      custody.follow(venue);
      for (KeyHolderService holder : custody.holders) {
        assertThatThrownBy(() -> holder.release(0))
            .isInstanceOf(SteleException.class)
            .extracting(e -> ((SteleException) e).code())
            .isEqualTo("keyholder.epoch_open");
      }
      assertThatThrownBy(() -> custody.holders.get(0).release(5))
          .extracting(e -> ((SteleException) e).code())
          .isEqualTo("keyholder.unknown_epoch");

      ledger.finalise();
      awaitTrue(
          () -> {
            custody.follow(venue);
            return venue.batches(1, 1).get(0).anchorHeight() > 0;
          });
      KeyShare first = custody.holders.get(0).release(0);
      KeyShare second = custody.holders.get(1).release(0);
      EpochAnnouncement announcement =
          new BatchArchive(venueDir.resolve("sealed")).readEpoch(0).orElseThrow();
      assertThatThrownBy(() -> EpochKey.recover(announcement, List.of(first)))
          .extracting(e -> ((SteleException) e).code())
          .isEqualTo("sealed.too_few_shares");
      assertThat(venue.batches(1, 1).get(0).executed()).isFalse();
      assertThat(venue.trades(1, 10)).isEmpty();
      // no share of epoch 0, in any form, lies in the venue's directory before release
      assertThat(filesContaining(venueDir, first, second)).isEmpty();
      assertThat(venueDir.resolve("key-holders")).doesNotExist();
    }
  }

  @Test
  void aRestartedVenueCollectsAgainAndARestartedHolderKeepsItsShare() throws Exception {
    HeldAnchorer ledger = new HeldAnchorer();
    Custody custody = new Custody(ledger.verifier);
    Path venueDir = dir.resolve("venue");
    try (Venue venue =
        Venue.open(
            venueDir,
            config(),
            new SystemClock(),
            rng,
            ledger,
            ledger.verifier,
            custody.custody())) {
      placeCrossingOrders(venue);
      awaitTrue(() -> new BatchArchive(venueDir.resolve("sealed")).readBatch(1).isPresent());
      custody.follow(venue);
    }
    // the batch was sealed and published, never anchored; every process stops and starts again
    for (int i = 0; i < 3; i++) {
      custody.holders.set(i, custody.holder(i));
      assertThat(custody.holders.get(i).epochs()).contains(0L);
    }
    Custody restartedService = new Custody(ledger.verifier);
    assertThat(restartedService.service.announce(0).encoded())
        .isEqualTo(custody.service.announce(0).encoded());
    try (Venue venue =
        Venue.open(
            venueDir,
            config(),
            new SystemClock(),
            rng,
            ledger.verifier,
            ledger.verifier,
            custody.custody())) {
      awaitTrue(
          () -> {
            custody.follow(venue);
            return !venue.trades(1, 10).isEmpty();
          });
      assertThat(venue.trades(1, 10).get(0).size()).isEqualTo(30_000_000);
      assertThat(venue.batches(1, 1).get(0).executed()).isTrue();
    }
  }

  @Test
  void aShareChangedOnTheWayOrSignedByAnotherKeyIsRefusedAndNotKept() {
    Custody custody = new Custody(null);
    KeyPair impostor = KeyPair.generate(rng);
    EpochKey.Deal deal = EpochKey.deal(CHAIN, 0, 2, 3, rng);
    KeyHolderService holder = custody.holders.get(0);
    Bytes holderKey = holder.agreementKey();
    byte[] genuine =
        ShareDelivery.seal(dealerKey, deal.announcement(), deal.shares().get(0), holderKey, rng);
    for (int position : new int[] {1, 40, genuine.length - 100, genuine.length - 1}) {
      byte[] tampered = genuine.clone();
      tampered[position] ^= 1;
      assertThatThrownBy(() -> holder.accept(tampered))
          .isInstanceOf(SteleException.class)
          .extracting(e -> ((SteleException) e).code())
          .isIn("keyholder.bad_signature", "keyholder.malformed", "keyholder.wrong_chain");
    }
    byte[] forged =
        ShareDelivery.seal(impostor, deal.announcement(), deal.shares().get(0), holderKey, rng);
    assertThatThrownBy(() -> holder.accept(forged))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyholder.wrong_key_service");
    byte[] forAnother =
        ShareDelivery.seal(
            dealerKey,
            deal.announcement(),
            deal.shares().get(1),
            custody.holders.get(1).agreementKey(),
            rng);
    assertThatThrownBy(() -> holder.accept(forAnother))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyholder.not_for_this_holder");
    assertThat(holder.epochs()).isEmpty();
    assertThat(dir.resolve("holder-1")).doesNotExist();

    assertThat(holder.accept(genuine)).isEqualTo(new KeyHolderService.Kept(0, 1));
    assertThat(holder.epochs()).containsExactly(0L);
  }

  @Test
  void restartsKeepTheHoldersSharesAndTheKeyServiceNeverDealsAnEpochTwice() {
    Custody custody = new Custody(null);
    SignedEpoch first = custody.service.announce(0);
    assertThat(custody.delivered).hasValue(3);
    assertThatThrownBy(() -> custody.service.announce(2))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyservice.epoch_ahead");

    Custody restarted = new Custody(null);
    assertThat(restarted.service.announce(0).encoded()).isEqualTo(first.encoded());
    assertThat(restarted.delivered).hasValue(0);
    for (KeyHolderService holder : restarted.holders) {
      assertThat(holder.epochs()).containsExactly(0L);
    }
    assertThat(SignedEpoch.verify(first.encoded().toArray(), dealerKey.publicKey()).holders())
        .containsExactlyElementsOf(
            restarted.holders.stream().map(KeyHolderService::agreementKey).toList());
    assertThatThrownBy(() -> SignedEpoch.verify(first.encoded().toArray(), faucet.publicKey()))
        .extracting(e -> ((SteleException) e).code())
        .isEqualTo("keyservice.wrong_key_service");
  }

  /** An anchorer whose proofs are held back until {@link #finalise()}, as before finality. */
  static final class HeldAnchorer implements Anchorer {
    final InMemoryAnchorer verifier = new InMemoryAnchorer();
    private final CompletableFuture<Void> finality = new CompletableFuture<>();

    @Override
    public CompletableFuture<AnchorProof> anchor(Bytes hash) {
      return finality.thenCompose(ready -> verifier.anchor(hash));
    }

    void finalise() {
      finality.complete(null);
    }
  }

  /** Files under {@code root} holding any share's value, raw or base58. */
  static List<Path> filesContaining(Path root, KeyShare... shares) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              f -> {
                byte[] bytes = read(f);
                String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
                for (KeyShare s : shares) {
                  if (text.contains(s.value().toBase58())
                      || text.contains(
                          new String(
                              s.value().toArray(), java.nio.charset.StandardCharsets.ISO_8859_1))) {
                    return true;
                  }
                }
                return false;
              })
          .toList();
    }
  }

  private static byte[] read(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
