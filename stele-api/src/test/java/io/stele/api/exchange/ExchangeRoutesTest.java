package io.stele.api.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stele.api.ApiLimits;
import io.stele.api.ApiServer;
import io.stele.api.Json;
import io.stele.api.Routes;
import io.stele.core.clock.ManualClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.sealed.SealedExchange;
import io.stele.exchange.sealed.SequencerConfig;
import io.stele.exchange.venue.AssetSpec;
import io.stele.exchange.venue.MarketSpec;
import io.stele.exchange.venue.SignedRequest;
import io.stele.exchange.venue.Venue;
import io.stele.exchange.venue.VenueConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeRoutesTest {
  static final int CHAIN = 'X';

  @TempDir Path dir;
  final ManualClock clock = new ManualClock(1_800_000_000_000L);
  final SeededRng rng = new SeededRng(5);
  final KeyPair faucet = KeyPair.generate(rng);
  final KeyPair alice = KeyPair.generate(rng);
  final KeyPair bob = KeyPair.generate(rng);
  final AtomicLong nonce = new AtomicLong();
  final HttpClient http = HttpClient.newHttpClient();
  Venue venue;
  ApiServer server;

  record Reply(int status, JsonNode body) {}

  @BeforeEach
  void start() {
    VenueConfig config =
        new VenueConfig(
            CHAIN,
            List.of(new AssetSpec("STL", 2), new AssetSpec("USD", 2)),
            List.of(
                new MarketSpec(
                    "STL-USD",
                    "STL",
                    "USD",
                    1,
                    100,
                    0,
                    0,
                    SelfTradePrevention.CANCEL_NEWEST,
                    false)),
            Optional.of(faucet.publicKey()),
            30_000,
            new SequencerConfig(CHAIN, 100, 100, 1),
            2,
            3);
    venue = Venue.open(dir, config, clock, rng, null, null);
    server =
        new ApiServer(ApiLimits.DEFAULT, List.of(new ExchangeRoutes(venue, clock)))
            .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
    venue.close();
  }

  String request(String type, ObjectNode fields) {
    ObjectNode request =
        Json.object()
            .put("type", type)
            .put("chain", String.valueOf((char) CHAIN))
            .put("time", clock.millis())
            .put("nonce", nonce.incrementAndGet());
    request.setAll(fields);
    return Json.write(request);
  }

  String signed(KeyPair key, String type, ObjectNode fields) {
    return Json.write(SignedRequest.sign(key, request(type, fields)));
  }

  Reply post(String path, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  Reply get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private Reply send(HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), Json.MAPPER.readTree(response.body()));
  }

  void fund() throws Exception {
    Reply a =
        post(
            "/v1/exchange/deposits",
            signed(
                faucet,
                "deposit",
                Json.object()
                    .put("to", alice.publicKey().bytes().toBase58())
                    .put("asset", "STL")
                    .put("amount", "100")));
    assertThat(a.status()).isEqualTo(200);
    post(
        "/v1/exchange/deposits",
        signed(
            faucet,
            "deposit",
            Json.object()
                .put("to", bob.publicKey().bytes().toBase58())
                .put("asset", "USD")
                .put("amount", "1000")));
  }

  static ObjectNode order(long id, String side, String price, String size) {
    return Json.object()
        .put("market", "STL-USD")
        .put("order", id)
        .put("side", side)
        .put("price", price)
        .put("size", size);
  }

  @Test
  void signedOrdersTradeAndTheTradeShowsInRestAndOnTheStream() throws Exception {
    fund();
    BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    WebSocket socket = connect(messages);
    socket.sendText("{\"subscribe\":\"trades\",\"market\":\"STL-USD\"}", true).join();
    socket.sendText(signed(alice, "subscribe", Json.object()), true).join();
    assertThat(next(messages, "subscribed").path("channel").asText()).isEqualTo("trades");
    assertThat(next(messages, "subscribed").path("account").asText())
        .isEqualTo(Long.toString(SealedExchange.accountOf(alice.publicKey())));

    Reply sell =
        post("/v1/exchange/orders", signed(alice, "place", order(1, "sell", "2.50", "30")));
    assertThat(sell.status()).isEqualTo(200);
    assertThat(sell.body().path("order").path("status").asText()).isEqualTo("open");
    Reply buy = post("/v1/exchange/orders", signed(bob, "place", order(2, "buy", "2.60", "10")));
    assertThat(buy.status()).isEqualTo(200);
    JsonNode trade = buy.body().path("trades").get(0);
    assertThat(trade.path("price").asText()).isEqualTo("2.50");
    assertThat(trade.path("size").asText()).isEqualTo("10.00");
    assertThat(trade.path("value").asText()).isEqualTo("25.00");

    assertThat(next(messages, "order").path("kind").asText()).isEqualTo("accepted");
    JsonNode streamed = next(messages, "trade");
    assertThat(streamed).isEqualTo(trade);
    assertThat(next(messages, "order").path("order").path("filled").asText()).isEqualTo("10.00");

    JsonNode trades = get("/v1/exchange/markets/STL-USD/trades").body().path("trades");
    assertThat(trades).containsExactly(trade);
    JsonNode book = get("/v1/exchange/markets/STL-USD/book?depth=5").body();
    assertThat(book.path("asks").get(0).path("size").asText()).isEqualTo("20.00");
    assertThat(book.path("bids")).isEmpty();
    JsonNode balances =
        post("/v1/exchange/my/balances", signed(bob, "balances", Json.object())).body();
    assertThat(balances.path("balances").get(0).path("available").asText()).isEqualTo("10.00");
    assertThat(balances.path("balances").get(1).path("available").asText()).isEqualTo("975.00");
    JsonNode orders = post("/v1/exchange/my/orders", signed(alice, "orders", Json.object())).body();
    assertThat(orders.path("orders").get(0).path("remaining").asText()).isEqualTo("20.00");
    JsonNode candles = get("/v1/exchange/markets/STL-USD/candles?interval=1h").body();
    assertThat(candles.path("candles").get(0).path("volume").asText()).isEqualTo("10.00");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
  }

  @Test
  void aBookSubscriptionGetsASnapshotThenDeltas() throws Exception {
    fund();
    post("/v1/exchange/orders", signed(alice, "place", order(1, "sell", "2.50", "30")));
    BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    WebSocket socket = connect(messages);
    socket.sendText("{\"subscribe\":\"book\",\"market\":\"STL-USD\"}", true).join();
    next(messages, "subscribed");
    JsonNode snapshot = next(messages, "book");
    assertThat(snapshot.path("asks").get(0).path("size").asText()).isEqualTo("30.00");

    post("/v1/exchange/orders", signed(bob, "place", order(2, "buy", "2.40", "5")));
    JsonNode bid = next(messages, "bookDelta");
    assertThat(bid.path("side").asText()).isEqualTo("bid");
    assertThat(bid.path("price").asText()).isEqualTo("2.40");
    assertThat(bid.path("size").asText()).isEqualTo("5.00");
    assertThat(bid.path("sequence").asLong()).isGreaterThan(snapshot.path("sequence").asLong());
    post("/v1/exchange/orders/cancel", signed(alice, "cancel", Json.object().put("order", 1)));
    JsonNode gone = next(messages, "bookDelta");
    assertThat(gone.path("side").asText()).isEqualTo("ask");
    assertThat(gone.path("size").asText()).isEqualTo("0.00");

    socket.sendText("{\"subscribe\":\"candles\",\"market\":\"STL-USD\"}", true).join();
    assertThat(next(messages, "error").path("code").asText()).isEqualTo("exchange.malformed");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
  }

  @Test
  void anAmendNamesANewRemainingSizeOrANewTotal() throws Exception {
    fund();
    post("/v1/exchange/orders", signed(alice, "place", order(1, "sell", "2.50", "30")));
    post("/v1/exchange/orders", signed(bob, "place", order(2, "buy", "2.50", "10")));
    // 10 of 30 filled: a total of 25 leaves 15, a remaining size of 12 leaves 12.
    Reply total =
        post(
            "/v1/exchange/orders/amend",
            signed(
                alice,
                "amend",
                Json.object().put("order", 1).put("price", "2.50").put("total", "25")));
    assertThat(total.body().path("order").path("remaining").asText()).isEqualTo("15.00");
    assertThat(total.body().path("order").path("size").asText()).isEqualTo("25.00");
    Reply remaining =
        post(
            "/v1/exchange/orders/amend",
            signed(
                alice,
                "amend",
                Json.object().put("order", 1).put("price", "2.50").put("size", "12")));
    assertThat(remaining.body().path("order").path("remaining").asText()).isEqualTo("12.00");
    Reply filled =
        post(
            "/v1/exchange/orders/amend",
            signed(
                alice,
                "amend",
                Json.object().put("order", 1).put("price", "2.50").put("total", "10")));
    assertThat(filled.body().path("code").asText()).isEqualTo("order.total_filled");
    Reply both =
        post(
            "/v1/exchange/orders/amend",
            signed(
                alice,
                "amend",
                Json.object()
                    .put("order", 1)
                    .put("price", "2.50")
                    .put("size", "5")
                    .put("total", "15")));
    assertThat(both.body().path("code").asText()).isEqualTo("exchange.malformed");
  }

  @Test
  void aReplayedRequestIsRefusedAndChangesNothing() throws Exception {
    fund();
    String place = signed(alice, "place", order(1, "sell", "2.50", "30"));
    assertThat(post("/v1/exchange/orders", place).status()).isEqualTo(200);
    post("/v1/exchange/orders/cancel", signed(alice, "cancel", Json.object().put("order", 1)));
    Reply replay = post("/v1/exchange/orders", place);
    assertThat(replay.status()).isEqualTo(409);
    assertThat(replay.body().path("code").asText()).isEqualTo("exchange.replay");
    assertThat(get("/v1/exchange/markets/STL-USD/book").body().path("asks")).isEmpty();
  }

  @Test
  void badRequestsGetPreciseErrors() throws Exception {
    ObjectNode tampered = (ObjectNode) Json.MAPPER.readTree(signed(alice, "orders", Json.object()));
    tampered.put("key", bob.publicKey().bytes().toBase58());
    assertThat(post("/v1/exchange/my/orders", Json.write(tampered)).body().path("code").asText())
        .isEqualTo("exchange.bad_signature");
    assertThat(
            post("/v1/exchange/my/orders", signed(alice, "balances", Json.object()))
                .body()
                .path("code")
                .asText())
        .isEqualTo("exchange.malformed");
    Reply notFaucet =
        post(
            "/v1/exchange/deposits",
            signed(
                alice,
                "deposit",
                Json.object()
                    .put("to", alice.publicKey().bytes().toBase58())
                    .put("asset", "STL")
                    .put("amount", "1")));
    assertThat(notFaucet.body().path("code").asText()).isEqualTo("exchange.not_faucet");
    Reply precision =
        post("/v1/exchange/orders", signed(alice, "place", order(1, "sell", "2.501", "1")));
    assertThat(precision.body().path("code").asText()).isEqualTo("amount.precision");
    Reply unknown = get("/v1/exchange/markets/NOPE/book");
    assertThat(unknown.body().path("code").asText()).isEqualTo("exchange.unknown_market");
    Reply tooLarge = post("/v1/exchange/orders", "x".repeat(ExchangeRoutes.MAX_BODY + 1));
    assertThat(tooLarge.status()).isEqualTo(413);
    Reply notJson = post("/v1/exchange/orders", "{\"request\":");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body().path("code").asText()).isEqualTo("api.malformed");
    Reply noSealed = get("/v1/exchange/sealed/epoch");
    assertThat(noSealed.body().path("code").asText()).isEqualTo("exchange.no_sealed_market");
  }

  @Test
  void everyServedExchangeRouteIsDocumentedAndNothingElse() throws Exception {
    JsonNode served = Json.MAPPER.readTree(get("/openapi.json").body().toString());
    Set<Routes.Route> documented = new HashSet<>();
    served
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(m -> documented.add(new Routes.Route(m, path.getKey()))));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(server.routes());
    assertThat(server.routes()).hasSize(17);
  }

  private WebSocket connect(BlockingQueue<JsonNode> received) {
    return http.newWebSocketBuilder()
        .buildAsync(
            URI.create("ws://127.0.0.1:" + server.port() + "/v1/exchange/stream"),
            new WebSocket.Listener() {
              private final StringBuilder partial = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                  try {
                    received.add(Json.MAPPER.readTree(partial.toString()));
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

  /** The payload of the next message, which must be of {@code type}. */
  private static JsonNode next(BlockingQueue<JsonNode> messages, String type)
      throws InterruptedException {
    JsonNode message = messages.poll(10, TimeUnit.SECONDS);
    assertThat(message).as("a " + type + " message").isNotNull();
    assertThat(message.path("type").asText()).as(message.toString()).isEqualTo(type);
    return message.path(type);
  }
}
