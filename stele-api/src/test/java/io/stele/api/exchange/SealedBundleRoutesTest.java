package io.stele.api.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.api.ApiLimits;
import io.stele.api.ApiServer;
import io.stele.api.Json;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.exchange.engine.SelfTradePrevention;
import io.stele.exchange.sealed.OrderSealer;
import io.stele.exchange.sealed.SealedBundle;
import io.stele.exchange.sealed.SealedExchange;
import io.stele.exchange.sealed.SequencerConfig;
import io.stele.exchange.venue.AssetSpec;
import io.stele.exchange.venue.MarketSpec;
import io.stele.exchange.venue.Venue;
import io.stele.exchange.venue.VenueConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/exchange/sealed/bundles: a bundle is admitted whole, or refused with a stable code. */
class SealedBundleRoutesTest {
  static final int CHAIN = 'X';

  @TempDir Path dir;
  final SeededRng rng = new SeededRng(9);
  final KeyPair alice = KeyPair.generate(rng);
  final HttpClient http = HttpClient.newHttpClient();
  Venue venue;
  ApiServer server;
  OrderSealer sealer;

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
                    true)),
            Optional.empty(),
            30_000,
            // a long interval and large batches: nothing is sealed while the test runs
            new SequencerConfig(CHAIN, 1_000, 600_000, 1),
            2,
            3);
    SystemClock clock = new SystemClock();
    venue = Venue.open(dir, config, clock, rng, null, null);
    server =
        new ApiServer(ApiLimits.DEFAULT, List.of(new ExchangeRoutes(venue, clock)))
            .start("127.0.0.1", 0);
    sealer = new OrderSealer(alice, venue.epoch(), rng, 0);
  }

  @AfterEach
  void stop() {
    server.close();
    venue.close();
  }

  private Reply post(String path, String type, byte[] body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), Json.MAPPER.readTree(response.body()));
  }

  private static List<byte[]> orders(int count) {
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> new byte[] {(byte) i}).toList();
  }

  @Test
  void aBundleIsAdmittedWholeAsBytesOrAsBase64() throws Exception {
    SealedBundle first = sealer.sealBundle(orders(3));
    Reply admitted =
        post("/v1/exchange/sealed/bundles", "application/octet-stream", first.bytes().toArray());
    assertThat(admitted.status()).isEqualTo(202);
    assertThat(admitted.body().path("epoch").asLong()).isZero();
    assertThat(admitted.body().path("firstCounter").asLong()).isZero();
    assertThat(admitted.body().path("lastCounter").asLong()).isEqualTo(2);
    assertThat(admitted.body().path("orders").asInt()).isEqualTo(3);
    assertThat(admitted.body().path("account").asText())
        .isEqualTo(Long.toString(SealedExchange.accountOf(alice.publicKey())));
    // its place in the sealed order: batch 1 (nothing sealed yet), from position 0
    assertThat(admitted.body().path("batch").asLong()).isEqualTo(1);
    assertThat(admitted.body().path("position").asInt()).isZero();

    String json =
        Json.write(
            Json.object()
                .put(
                    "bundle",
                    Base64.getEncoder()
                        .encodeToString(sealer.sealBundle(orders(2)).bytes().toArray())));
    Reply second = post("/v1/exchange/sealed/bundles", "application/json", json.getBytes());
    assertThat(second.status()).isEqualTo(202);
    assertThat(second.body().path("firstCounter").asLong()).isEqualTo(3);
    assertThat(second.body().path("position").asInt()).isEqualTo(3);

    Reply single =
        post(
            "/v1/exchange/sealed/envelopes",
            "application/octet-stream",
            sealer.seal(new byte[] {9}).bytes().toArray());
    assertThat(single.status()).isEqualTo(202);
    assertThat(single.body().path("batch").asLong()).isEqualTo(1);
    assertThat(single.body().path("position").asInt()).isEqualTo(5);
  }

  @Test
  void theEpochOfAVenueThatDealsItsOwnKeysSaysSoAndCarriesNoSignature() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/v1/exchange/sealed/epoch"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode epoch = Json.MAPPER.readTree(response.body());
    assertThat(epoch.path("publicKey").asText()).isEqualTo(venue.epoch().publicKey().toBase58());
    assertThat(epoch.path("custody").asText()).isEqualTo("in-process");
    assertThat(epoch.has("keyService")).isFalse();
    assertThat(epoch.has("signedEpoch")).isFalse();
  }

  @Test
  void refusedBundlesCarryStableCodes() throws Exception {
    SealedBundle bundle = sealer.sealBundle(orders(2));
    byte[] forged = bundle.bytes().toArray();
    forged[bundle.statement().bytes().length()] ^= 1;
    Reply badSignature = post("/v1/exchange/sealed/bundles", "application/octet-stream", forged);
    assertThat(badSignature.status()).isEqualTo(422);
    assertThat(badSignature.body().path("code").asText())
        .isEqualTo("exchange.bundle_bad_signature");

    byte[] truncated = java.util.Arrays.copyOf(bundle.bytes().toArray(), 200);
    Reply malformed = post("/v1/exchange/sealed/bundles", "application/octet-stream", truncated);
    assertThat(malformed.body().path("code").asText()).isEqualTo("exchange.bundle_malformed");

    Reply memberAlone =
        post(
            "/v1/exchange/sealed/envelopes",
            "application/octet-stream",
            bundle.members().get(0).bytes().toArray());
    assertThat(memberAlone.body().path("code").asText()).isEqualTo("exchange.bundle_member_alone");

    assertThat(
            post(
                    "/v1/exchange/sealed/bundles",
                    "application/octet-stream",
                    bundle.bytes().toArray())
                .status())
        .isEqualTo(202);
    Reply replayed =
        post("/v1/exchange/sealed/bundles", "application/octet-stream", bundle.bytes().toArray());
    assertThat(replayed.body().path("code").asText()).isEqualTo("sealed.replayed_counter");
  }
}
