package io.stele.node.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.api.ApiLimits;
import io.stele.api.ApiServer;
import io.stele.api.RouteGroup;
import io.stele.api.Routes;
import io.stele.api.exchange.ExchangeRoutes;
import io.stele.core.anchor.AnchorProof;
import io.stele.core.anchor.Anchorer;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.Hashes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.random.SeededRng;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.sealed.BatchAnchorVerifier;
import io.stele.exchange.sealed.BatchArchive;
import io.stele.exchange.sealed.EpochAnnouncement;
import io.stele.exchange.sealed.HolderKey;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.exchange.sealed.OrderSealer;
import io.stele.exchange.sealed.SealedAudit;
import io.stele.exchange.sealed.SealedDeposit;
import io.stele.exchange.sealed.SequencerConfig;
import io.stele.exchange.venue.Venue;
import io.stele.exchange.venue.VenueConfig;
import io.stele.node.client.NodeClient;
import io.stele.node.exchange.SealedMarketFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A venue, its key service and three key holders, each behind its own API on its own port, as the
 * devnet runs them in four processes: shares are delivered over HTTP, the holders follow the
 * venue's published files over HTTP, and the venue collects two released shares over HTTP.
 */
class CustodyOverHttpTest {
  static final int CHAIN = 'H';

  @TempDir Path dir;

  /** A ledger stand-in shared by the venue (anchoring) and the holders (checking). */
  static final class MemoryLedger implements Anchorer, BatchAnchorVerifier {
    private final Map<Bytes, AnchorProof> anchored = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<AnchorProof> anchor(Bytes hash) {
      AnchorProof proof =
          new AnchorProof(
              hash, anchored.size() + 1L, 0, Bytes.wrap(Hashes.sha256(hash.toArray())), "{}");
      anchored.put(hash, proof);
      return CompletableFuture.completedFuture(proof);
    }

    @Override
    public boolean verify(Bytes batchHash, AnchorProof proof) {
      return proof.equals(anchored.get(batchHash));
    }
  }

  @Test
  void aSealedOrderRunsWithTheKeyServiceAndHoldersBehindTheirOwnApis() throws Exception {
    SeededRng rng = new SeededRng(21);
    KeyPair serviceKey = KeyPair.generate(rng);
    List<KeyPair> holderKeys =
        List.of(KeyPair.generate(rng), KeyPair.generate(rng), KeyPair.generate(rng));
    KeyPair faucet = KeyPair.generate(rng);
    KeyPair seller = KeyPair.generate(rng);
    KeyPair buyer = KeyPair.generate(rng);
    MemoryLedger ledger = new MemoryLedger();
    URI venueUrl = url(free());
    URI serviceUrl = url(free());
    List<URI> holderUrls = List.of(url(free()), url(free()), url(free()));
    List<AutoCloseable> open = new ArrayList<>();
    try {
      List<CustodySettings.Holder> dealt = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        NodeCustody holder =
            NodeCustody.start(
                CustodySettings.NONE.withKeyHolder(
                    new CustodySettings.KeyHolder(venueUrl, serviceKey.publicKey(), 1)),
                CHAIN,
                holderKeys.get(i),
                ledger,
                dir.resolve("unused"),
                dir.resolve("holder-" + (i + 1)));
        open.add(holder);
        open.add(serve(holder.routes(), holderUrls.get(i)));
        dealt.add(
            new CustodySettings.Holder(
                holderUrls.get(i), HolderKey.of(holderKeys.get(i), CHAIN).publicKey()));
      }
      NodeCustody service =
          NodeCustody.start(
              CustodySettings.NONE.withKeyService(new CustodySettings.KeyService(2, dealt)),
              CHAIN,
              serviceKey,
              null,
              dir.resolve("key-service"),
              dir.resolve("unused"));
      open.add(serve(service.routes(), serviceUrl));
      NodeCustody venueSide =
          NodeCustody.start(
              CustodySettings.NONE.withVenue(
                  new CustodySettings.Venue(serviceUrl, serviceKey.publicKey(), holderUrls)),
              CHAIN,
              KeyPair.generate(rng),
              null,
              dir.resolve("unused"),
              dir.resolve("unused"));
      Path venueDir = dir.resolve("venue");
      Venue venue =
          Venue.open(
              venueDir,
              config(faucet),
              new SystemClock(),
              rng,
              ledger,
              ledger,
              venueSide.venueCustody().orElseThrow());
      open.add(venue);
      open.add(serve(List.of(new ExchangeRoutes(venue, new SystemClock())), venueUrl));
      NodeClient http = new NodeClient(venueUrl);

      // epoch 0 is dealt; no batch of it is published yet, so every holder withholds its share
      for (URI holder : holderUrls) {
        assertThatThrownBy(() -> new NodeClient(holder).getObject("/v1/keyholder/epochs/0/share"))
            .isInstanceOf(SteleException.class)
            .extracting(e -> ((SteleException) e).code())
            .isEqualTo("keyholder.epoch_open");
      }
      EpochAnnouncement epoch = venue.epoch();
      // the sealed markets' accounts are funded by deposits in the batch
      venue.admit(
          SealedDeposit.sign(faucet, CHAIN, epoch.epoch(), 1, seller.publicKey(), 1, 100_000_000)
              .bytes()
              .toArray());
      venue.admit(
          SealedDeposit.sign(faucet, CHAIN, epoch.epoch(), 2, buyer.publicKey(), 2, 10_000_000)
              .bytes()
              .toArray());
      http.postObject(
          "/v1/exchange/sealed/envelopes",
          "application/octet-stream",
          order(seller, 7, Side.SELL, 50_000_000, epoch, rng));
      http.postObject(
          "/v1/exchange/sealed/envelopes",
          "application/octet-stream",
          order(buyer, 8, Side.BUY, 30_000_000, epoch, rng));

      awaitTrue(
          () -> http.getObject("/v1/exchange/markets/BTC-USD/trades").path("trades").size() == 1);
      JsonNode trade = http.getObject("/v1/exchange/markets/BTC-USD/trades").path("trades").get(0);
      assertThat(trade.path("size").asText()).isEqualTo("0.30000000");
      // once the batch is executed, each holder forgets its share of epoch 0
      awaitTrue(
          () ->
              holderUrls.stream()
                  .allMatch(
                      h -> {
                        try {
                          new NodeClient(h).getObject("/v1/keyholder/epochs/0/share");
                          return false;
                        } catch (SteleException e) {
                          return e.code().equals("keyholder.unknown_epoch");
                        }
                      }));
      assertThat(dir.resolve("holder-1").resolve("epoch-0.share")).doesNotExist();
      assertThat(venueDir.resolve("key-holders")).doesNotExist();
      assertThat(new BatchArchive(venueDir.resolve("sealed")).readShares(0))
          .hasValueSatisfying(shares -> assertThat(shares).hasSize(2));
      assertThat(
              new SealedAudit(CHAIN, 1, ledger, faucet.publicKey())
                  .audit(venueDir.resolve("sealed"))
                  .payloads())
          .hasSize(2);
      // the key service's disk holds only signed epochs, which are public
      try (var files = Files.list(dir.resolve("key-service"))) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .allMatch(n -> n.matches("epoch-[0-9]+\\.signed"));
      }
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  @Test
  void theCustodyRoutesAreDocumented() {
    SeededRng rng = new SeededRng(5);
    KeyPair key = KeyPair.generate(rng);
    NodeCustody custody =
        NodeCustody.start(
            CustodySettings.NONE
                .withKeyService(
                    new CustodySettings.KeyService(
                        1,
                        List.of(
                            new CustodySettings.Holder(
                                url(1), HolderKey.of(key, CHAIN).publicKey()))))
                .withKeyHolder(new CustodySettings.KeyHolder(url(1), key.publicKey(), 1)),
            CHAIN,
            key,
            null,
            dir.resolve("ks"),
            dir.resolve("kh"));
    try {
      ApiServer server = new ApiServer(ApiLimits.DEFAULT, custody.routes());
      Set<Routes.Route> documented = new HashSet<>();
      server
          .openApi()
          .path("paths")
          .fields()
          .forEachRemaining(
              path ->
                  path.getValue()
                      .fieldNames()
                      .forEachRemaining(m -> documented.add(new Routes.Route(m, path.getKey()))));
      assertThat(documented).containsExactlyInAnyOrderElementsOf(server.routes());
      assertThat(server.routes()).hasSize(5);
    } finally {
      custody.close();
    }
  }

  static VenueConfig config(KeyPair faucet) {
    return SealedMarketFixture.btcUsd(
        CHAIN, Optional.of(faucet.publicKey()), new SequencerConfig(CHAIN, 2, 60_000, 1));
  }

  static byte[] order(
      KeyPair client, long id, Side side, long size, EpochAnnouncement epoch, SeededRng rng) {
    return new OrderSealer(client, epoch, rng, 0)
        .seal(
            new OrderPayload.Place(
                    id, 1, side, OrderType.LIMIT, TimeInForce.GTC, false, 3_000_000, size)
                .encode())
        .bytes()
        .toArray();
  }

  private static ApiServer serve(List<RouteGroup> routes, URI url) {
    return new ApiServer(ApiLimits.DEFAULT, routes).start("127.0.0.1", url.getPort());
  }

  private static URI url(int port) {
    return URI.create("http://127.0.0.1:" + port);
  }

  private static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1500 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
