package io.stele.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stele.api.ApiLimits;
import io.stele.api.ApiServer;
import io.stele.api.exchange.ExchangeRoutes;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.SeededRng;
import io.stele.exchange.sealed.HolderKey;
import io.stele.exchange.sealed.KeyService;
import io.stele.exchange.sealed.RemoteCustody;
import io.stele.exchange.sealed.SequencerConfig;
import io.stele.exchange.venue.Venue;
import io.stele.exchange.venue.VenueConfig;
import io.stele.node.client.NodeClient;
import io.stele.node.config.Passphrases;
import io.stele.node.devnet.Devnet;
import io.stele.node.exchange.SealedClient;
import io.stele.node.exchange.SealedMarketFixture;
import io.stele.node.run.NodeLauncher;
import io.stele.node.run.RunningNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stele exchange order --sealed} against a one-node devnet: the CLI seals a sell and a buy
 * on BTC-USD to the current epoch, the venue names each one's batch and position, and they trade
 * once their batch has opened; the published directory audits, saying the venue dealt its own keys.
 * Against a venue whose epochs a key service deals, {@code --key-service} checks the signature.
 */
class SealedOrderCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHAIN = 'Q';

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  static Run stele(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SteleCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  private JsonNode ok(String... args) throws Exception {
    Run run = stele(args);
    assertThat(run.exit()).as(run.err()).isZero();
    return run.json();
  }

  private List<String> signed(String node, Path key, String... args) {
    List<String> line = new ArrayList<>(List.of(args));
    line.addAll(
        List.of(
            "--node",
            node,
            "--key",
            key.toString(),
            "--passphrase-file",
            dir.resolve("passphrase").toString(),
            "--json"));
    return line;
  }

  @Test
  void sealedOrdersPlacedThroughTheCliTradeOnceTheirBatchOpens() throws Exception {
    SeededRng rng = new SeededRng(17);
    Devnet devnet = Devnet.prepare(dir, "127.0.0.1", 0, rng, new SystemClock());
    try (RunningNode node = NodeLauncher.launch(devnet.members().get(0).config())) {
      String url = node.apiUrl();
      char[] passphrase = Passphrases.fromFile(dir.resolve("passphrase"));
      KeyPair alice = KeyPair.generate(rng);
      KeyPair bob = KeyPair.generate(rng);
      Path aliceKey = dir.resolve("alice.key");
      Path bobKey = dir.resolve("bob.key");
      KeyFile.write(aliceKey, alice, passphrase, rng, Devnet.KEY_COST);
      KeyFile.write(bobKey, bob, passphrase, rng, Devnet.KEY_COST);
      Path faucet = dir.resolve("keys/faucet.key");
      ok(deposit(url, faucet, alice, "BTC", "1"));
      ok(deposit(url, faucet, bob, "USD", "100000"));

      JsonNode sell =
          ok(
              signed(url, aliceKey, sealedOrder("sell", "30000", "0.5", "--id", "51"))
                  .toArray(String[]::new));
      assertThat(sell.path("order").asText()).isEqualTo("51");
      assertThat(sell.path("batch").asLong()).isPositive();
      assertThat(sell.path("position").asInt()).isNotNegative();
      assertThat(sell.path("custody").asText()).isEqualTo("in-process");
      assertThat(sell.path("epochChecked").asBoolean()).isFalse();
      JsonNode buy =
          ok(
              signed(url, bobKey, sealedOrder("buy", "31000", "0.3", "--id", "52"))
                  .toArray(String[]::new));
      assertThat(buy.path("batch").asLong()).isGreaterThanOrEqualTo(sell.path("batch").asLong());

      NodeClient http = new NodeClient(URI.create(url));
      JsonNode trade = awaitTrade(http);
      assertThat(trade.path("kind").asText()).isEqualTo("auction");
      assertThat(trade.path("size").asText()).isEqualTo("0.30000000");
      assertThat(executed(http, buy.path("batch").asLong())).isTrue();

      // a venue that deals its own epochs has no key service signature to show
      Run refused =
          stele(
              signed(
                      url,
                      aliceKey,
                      sealedOrder("sell", "30000", "0.1", "--key-service", base58(bob)))
                  .toArray(String[]::new));
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.err()).startsWith("stele: exchange.epoch_unsigned: ");
      // a continuous market takes no sealed order
      Run continuous =
          stele(
              signed(
                      url,
                      aliceKey,
                      "exchange",
                      "order",
                      "--sealed",
                      "--market",
                      "STL-USD",
                      "--side",
                      "sell",
                      "--price",
                      "1",
                      "--size",
                      "1")
                  .toArray(String[]::new));
      assertThat(continuous.err()).startsWith("stele: exchange.not_sealed: ");

      Path sealed = dir.resolve("witness-1/chain-exchange/sealed");
      JsonNode audit = SealedClient.audit(sealed, dir.resolve("genesis.json"));
      assertThat(audit.path("valid").asBoolean()).isTrue();
      assertThat(audit.path("custody").asText()).isEqualTo("in-process");
      assertThat(audit.path("epochsChecked").asBoolean()).isFalse();
    }
  }

  @Test
  void withTheKeyServicesKeyTheCliChecksTheEpochsSignatureBeforeItSeals() throws Exception {
    SeededRng rng = new SeededRng(23);
    KeyPair dealer = KeyPair.generate(rng);
    KeyPair alice = KeyPair.generate(rng);
    char[] passphrase = "test passphrase".toCharArray();
    Files.writeString(dir.resolve("passphrase"), "test passphrase\n");
    Path aliceKey = dir.resolve("alice.key");
    KeyFile.write(aliceKey, alice, passphrase, rng, Devnet.KEY_COST);
    // a key service whose holders keep their shares to themselves: no epoch opens in this test
    KeyService service =
        new KeyService(
            CHAIN,
            dealer,
            2,
            List.of(holderKey(rng), holderKey(rng), holderKey(rng)),
            (index, delivery) -> {},
            rng,
            dir.resolve("key-service"));
    RemoteCustody.HolderLink away =
        epoch -> {
          throw new SteleException("custody.unavailable", "this holder is away");
        };
    RemoteCustody custody =
        new RemoteCustody(
            dealer.publicKey(),
            epoch -> service.announce(epoch).encoded().toArray(),
            List.of(away, away, away));
    SystemClock clock = new SystemClock();
    try (Venue venue = Venue.open(dir.resolve("venue"), btcUsd(), clock, rng, null, null, custody);
        ApiServer server =
            new ApiServer(ApiLimits.DEFAULT, List.of(new ExchangeRoutes(venue, clock)))
                .start("127.0.0.1", 0)) {
      String url = "http://127.0.0.1:" + server.port();
      String[] order = sealedOrder("buy", "30000", "0.1");
      List<String> checked = signed(url, aliceKey, order);
      checked.addAll(List.of("--key-service", base58(dealer)));
      JsonNode placed = ok(checked.toArray(String[]::new));
      assertThat(placed.path("epochChecked").asBoolean()).isTrue();
      assertThat(placed.path("keyService").asText()).isEqualTo(base58(dealer));
      assertThat(placed.path("custody").asText()).isEqualTo("key-service");
      assertThat(placed.path("epoch").asLong()).isZero();
      assertThat(placed.path("batch").asLong()).isEqualTo(1);
      assertThat(placed.path("position").asInt()).isZero();

      // told another key service's key, the CLI sends nothing
      List<String> wrong = signed(url, aliceKey, order);
      wrong.addAll(List.of("--key-service", base58(alice)));
      Run refused = stele(wrong.toArray(String[]::new));
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.err()).startsWith("stele: keyservice.wrong_key_service: epoch 0 ");
      assertThat(venue.batches(1, 1)).isEmpty();
      assertThat(
              new NodeClient(URI.create(url))
                  .getObject("/v1/exchange/sealed/epoch")
                  .path("signedEpoch")
                  .asText())
          .isEqualTo(Base64.getEncoder().encodeToString(service.announce(0).encoded().toArray()));
    }
  }

  private static Bytes holderKey(SeededRng rng) {
    return HolderKey.of(KeyPair.generate(rng), CHAIN).publicKey();
  }

  /** {@code stele exchange order --sealed} on BTC-USD, then {@code more} options. */
  private static String[] sealedOrder(String side, String price, String size, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "exchange",
                "order",
                "--sealed",
                "--market",
                "BTC-USD",
                "--side",
                side,
                "--price",
                price,
                "--size",
                size));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** One sealed market, BTC-USD, whose batches seal after 10 minutes or 1,000 orders. */
  private static VenueConfig btcUsd() {
    return SealedMarketFixture.btcUsd(
        CHAIN, Optional.empty(), new SequencerConfig(CHAIN, 1_000, 600_000, 1));
  }

  private String[] deposit(String url, Path faucet, KeyPair to, String asset, String amount) {
    return signed(
            url,
            faucet,
            "exchange",
            "deposit",
            "--sealed",
            "--to",
            base58(to),
            "--asset",
            asset,
            "--amount",
            amount)
        .toArray(String[]::new);
  }

  private static boolean executed(NodeClient http, long batch) {
    JsonNode batches =
        http.getObject("/v1/exchange/sealed/batches?from=" + batch + "&limit=1").path("batches");
    return batches.size() == 1 && batches.get(0).path("executed").asBoolean();
  }

  private static JsonNode awaitTrade(NodeClient http) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      JsonNode trades = http.getObject("/v1/exchange/markets/BTC-USD/trades").path("trades");
      if (!trades.isEmpty()) {
        return trades.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no trade on BTC-USD within a minute");
  }

  private static String base58(KeyPair key) {
    return key.publicKey().bytes().toBase58();
  }
}
