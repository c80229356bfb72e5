package io.stele.node.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.core.bytes.Bytes;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.keyfile.KeyFile;
import io.stele.core.random.SeededRng;
import io.stele.exchange.engine.OrderType;
import io.stele.exchange.engine.Side;
import io.stele.exchange.engine.TimeInForce;
import io.stele.exchange.sealed.OrderPayload;
import io.stele.node.cli.SteleCommand;
import io.stele.node.client.NodeClient;
import io.stele.node.config.Passphrases;
import io.stele.node.devnet.Devnet;
import io.stele.node.run.NodeLauncher;
import io.stele.node.run.RunningNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devnet's exchange end to end, in process: signed orders over HTTP trade, the trade shows in
 * REST and on the WebSocket, and a sealed batch of the sealed market is anchored on the devnet
 * ledger with a receipt, then executed.
 */
class DevnetExchangeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void ordersTradeOverHttpAndSealedBatchesAreAnchoredOnTheLedger() throws Exception {
    SeededRng rng = new SeededRng(11);
    Devnet devnet = Devnet.prepare(dir, "127.0.0.1", 0, rng, new SystemClock());
    try (RunningNode node = NodeLauncher.launch(devnet.members().get(0).config())) {
      NodeClient http = new NodeClient(URI.create(node.apiUrl()));
      char[] passphrase = Passphrases.fromFile(dir.resolve("passphrase"));
      KeyPair alice = KeyPair.generate(rng);
      KeyPair bob = KeyPair.generate(rng);
      Path aliceKey = dir.resolve("alice.key");
      KeyFile.write(aliceKey, alice, passphrase, rng, Devnet.KEY_COST);

      // funding through the CLI, signed by the devnet's faucet key
      cli(
          "exchange",
          "deposit",
          "--node",
          node.apiUrl(),
          "--key",
          dir.resolve("keys/faucet.key").toString(),
          "--passphrase-file",
          dir.resolve("passphrase").toString(),
          "--to",
          base58(alice),
          "--asset",
          "STL",
          "--amount",
          "100",
          "--json");
      KeyPair faucet = KeyFile.read(dir.resolve("keys/faucet.key"), passphrase);
      ExchangeClient faucetClient = new ExchangeClient(http, faucet, new SystemClock(), rng);
      faucetClient.deposit(base58(bob), "USD", "1000");
      // the sealed market has accounts of its own, funded by deposits in its batches
      cli(
          "exchange",
          "deposit",
          "--sealed",
          "--node",
          node.apiUrl(),
          "--key",
          dir.resolve("keys/faucet.key").toString(),
          "--passphrase-file",
          dir.resolve("passphrase").toString(),
          "--to",
          base58(alice),
          "--asset",
          "BTC",
          "--amount",
          "1",
          "--json");
      faucetClient.sealedDeposit(base58(bob), "USD", "100000");

      BlockingQueue<JsonNode> stream = new LinkedBlockingQueue<>();
      WebSocket socket = connect(node.apiUrl(), stream);
      socket.sendText("{\"subscribe\":\"trades\",\"market\":\"STL-USD\"}", true).join();
      assertThat(next(stream).path("type").asText()).isEqualTo("subscribed");

      // alice sells through the CLI, bob buys through the client: they cross
      JsonNode sell =
          cli(
              "exchange",
              "order",
              "--node",
              node.apiUrl(),
              "--key",
              aliceKey.toString(),
              "--passphrase-file",
              dir.resolve("passphrase").toString(),
              "--market",
              "STL-USD",
              "--side",
              "sell",
              "--price",
              "2.50",
              "--size",
              "30",
              "--json");
      assertThat(sell.path("order").path("status").asText()).isEqualTo("open");
      ExchangeClient bobClient = new ExchangeClient(http, bob, new SystemClock(), rng);
      ObjectNode buy =
          bobClient.place(
              JSON.createObjectNode()
                  .put("market", "STL-USD")
                  .put("order", bobClient.newOrderId())
                  .put("side", "buy")
                  .put("price", "2.60")
                  .put("size", "10"));
      JsonNode trade = buy.path("trades").get(0);
      assertThat(trade.path("price").asText()).isEqualTo("2.50");
      assertThat(trade.path("size").asText()).isEqualTo("10.00000000");

      JsonNode streamed = next(stream);
      assertThat(streamed.path("type").asText()).isEqualTo("trade");
      assertThat(streamed.path("trade")).isEqualTo(trade);
      assertThat(http.getObject("/v1/exchange/markets/STL-USD/trades").path("trades"))
          .containsExactly(trade);
      JsonNode book = cli("exchange", "book", "STL-USD", "--node", node.apiUrl(), "--json");
      assertThat(book.path("asks").get(0).path("size").asText()).isEqualTo("20.00000000");

      // sealed market: both sides arrive as envelopes sealed to the current epoch key; GTC
      // orders rest, so they cross whether they land in one batch or in two
      int btcUsd = marketId(http, "BTC-USD");
      SealedClient.seal(
          http,
          alice,
          rng,
          new OrderPayload.Place(
              41,
              btcUsd,
              Side.SELL,
              OrderType.LIMIT,
              TimeInForce.GTC,
              false,
              3_000_000,
              50_000_000));
      SealedClient.seal(
          http,
          bob,
          rng,
          new OrderPayload.Place(
              42,
              btcUsd,
              Side.BUY,
              OrderType.LIMIT,
              TimeInForce.GTC,
              false,
              3_100_000,
              30_000_000));
      JsonNode auction =
          await(
              () -> {
                JsonNode trades =
                    http.getObject("/v1/exchange/markets/BTC-USD/trades").path("trades");
                return trades.isEmpty() ? null : trades.get(0);
              });
      assertThat(auction.path("kind").asText()).isEqualTo("auction");
      assertThat(auction.path("size").asText()).isEqualTo("0.30000000");

      // every batch that carried an envelope was anchored, has a ledger receipt, and ran
      int envelopes = 0;
      for (JsonNode batch : http.getObject("/v1/exchange/sealed/batches").path("batches")) {
        if (batch.path("envelopes").asInt() == 0) {
          continue;
        }
        envelopes += batch.path("envelopes").asInt();
        assertThat(batch.path("executed").asBoolean()).isTrue();
        assertThat(batch.has("anchorHeight")).isTrue();
        JsonNode receipt = http.receipt(batch.path("hash").asText(), "base58").orElseThrow();
        assertThat(Bytes.fromHex(receipt.path("targetHash").asText()).toBase58())
            .isEqualTo(batch.path("hash").asText());
      }
      assertThat(envelopes).isEqualTo(2);
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();

      // the sealed market's balances are its own: neither bob's 100,000 USD deposit there nor
      // the BTC he bought shows among his balances on the continuous markets
      JsonNode balances = bobClient.balances();
      List<String> continuous = new ArrayList<>();
      for (JsonNode balance : balances.path("balances")) {
        continuous.add(balance.path("asset").asText() + " " + balance.path("available").asText());
      }
      assertThat(continuous).noneMatch(b -> b.startsWith("BTC") || b.startsWith("USD 1"));
      assertThat(continuous).anyMatch(b -> b.startsWith("USD 9"));
      List<String> sealedSide = new ArrayList<>();
      for (JsonNode balance : balances.path("sealedBalances")) {
        sealedSide.add(balance.path("asset").asText() + " " + balance.path("available").asText());
      }
      assertThat(sealedSide).contains("BTC 0.30000000");

      // anyone can re-execute the published directory against the devnet's genesis
      JsonNode audit =
          SealedClient.audit(
              dir.resolve("witness-1/chain-exchange/sealed"), dir.resolve("genesis.json"));
      assertThat(audit.path("valid").asBoolean()).isTrue();
      assertThat(audit.path("anchorsChecked").asBoolean()).isTrue();
      // the auction's two fills
      assertThat(audit.path("trades").asLong()).isEqualTo(2);
    }
  }

  private static String base58(KeyPair key) {
    return key.publicKey().bytes().toBase58();
  }

  private static JsonNode cli(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SteleCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertThat(code).as(err.toString()).isZero();
    return JSON.readTree(out.toString());
  }

  private static int marketId(NodeClient http, String symbol) {
    for (JsonNode market : http.getObject("/v1/exchange/markets").path("markets")) {
      if (market.path("symbol").asText().equals(symbol)) {
        return market.path("id").asInt();
      }
    }
    throw new AssertionError("no market " + symbol);
  }

  /** Polls (bounded) until {@code probe} gives a value. */
  private static JsonNode await(Supplier<JsonNode> probe) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      JsonNode value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not reached within the time allowed");
  }

  private static WebSocket connect(String apiUrl, BlockingQueue<JsonNode> received) {
    return HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .buildAsync(
            URI.create(apiUrl.replace("http://", "ws://") + "/v1/exchange/stream"),
            new WebSocket.Listener() {
              private final StringBuilder partial = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                  try {
                    received.add(JSON.readTree(partial.toString()));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  partial.setLength(0);
                }
                ws.request(1);
                return null;
              }
            })
        .join();
  }

  private static JsonNode next(BlockingQueue<JsonNode> stream) throws InterruptedException {
    JsonNode message = stream.poll(20, TimeUnit.SECONDS);
    assertThat(message).as("a stream message").isNotNull();
    return message;
  }
}
