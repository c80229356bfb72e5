package io.stele.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stele.api.ApiLimits;
import io.stele.api.ApiServer;
import io.stele.api.Json;
import io.stele.core.address.Address;
import io.stele.core.bytes.Bytes;
import io.stele.core.crypto.KeyPair;
import io.stele.core.error.SteleException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerRoutesTest {
  /** Base58 of the ASCII bytes "hello world", as published with Bitcoin's base58 tests. */
  private static final String HELLO_WORLD_BASE58 = "StV1DL6CwTryKyV";

  private static final Bytes HELLO_WORLD =
      Bytes.wrap("hello world".getBytes(StandardCharsets.US_ASCII));

  private static final ApiLimits LIMITS = new ApiLimits(4096, 1024, 3, 50);

  private final FakeLedgerNode node = new FakeLedgerNode();
  private ApiServer server;
  private ApiClient client;

  @BeforeEach
  void start() {
    server = new ApiServer(LIMITS, List.of(new LedgerRoutes(node, LIMITS))).start("127.0.0.1", 0);
    client = new ApiClient(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void statusIsTheNodesStatus() throws Exception {
    ApiClient.Reply reply = client.get("/v1/status");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("finalHeight").asLong()).isEqualTo(4);
  }

  @Test
  void blockByHeightAndByHash() throws Exception {
    node.blocksByHeight.put(7L, Json.object().put("height", 7));
    node.blocksByHash.put(HELLO_WORLD, Json.object().put("height", 8));
    assertThat(client.get("/v1/blocks/7").body().path("height").asLong()).isEqualTo(7);
    assertThat(client.get("/v1/blocks/" + HELLO_WORLD_BASE58).body().path("height").asLong())
        .isEqualTo(8);
  }

  @Test
  void unknownBlockIs404WithCode() throws Exception {
    ApiClient.Reply reply = client.get("/v1/blocks/99");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.code()).isEqualTo("api.not_found");
    assertThat(reply.body().path("message").asText()).contains("99");
  }

  @Test
  void badIdsAre400() throws Exception {
    assertThat(client.get("/v1/blocks/0OIl").status()).isEqualTo(400);
    assertThat(client.get("/v1/blocks/1234567890123456789012").status()).isEqualTo(400);
    ApiClient.Reply reply = client.get("/v1/transactions/0abc");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.code()).isEqualTo("encoding.base58");
  }

  @Test
  void transactionById() throws Exception {
    node.transactions.put(HELLO_WORLD, Json.object().put("status", "final"));
    ApiClient.Reply reply = client.get("/v1/transactions/" + HELLO_WORLD_BASE58);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("status").asText()).isEqualTo("final");
  }

  @Test
  void accountPassesAddressAndPaging() throws Exception {
    Address address = Address.of(KeyPair.fromSeed(new byte[32]).publicKey(), (byte) 'T');
    ApiClient.Reply reply = client.get("/v1/accounts/" + address + "?page=2&pageSize=10");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(node.accountQueries).hasSize(1);
    assertThat(node.accountQueries.get(0)).containsExactly(address, 2, 10);
    client.get("/v1/accounts/" + address);
    assertThat(node.accountQueries.get(1)).containsExactly(address, 0, 20);
  }

  @Test
  void accountRefusesBadPagingAndAddresses() throws Exception {
    Address address = Address.of(KeyPair.fromSeed(new byte[32]).publicKey(), (byte) 'T');
    assertThat(client.get("/v1/accounts/" + address + "?pageSize=0").status()).isEqualTo(400);
    assertThat(client.get("/v1/accounts/" + address + "?pageSize=51").status()).isEqualTo(400);
    assertThat(client.get("/v1/accounts/" + address + "?page=x").status()).isEqualTo(400);
    assertThat(client.get("/v1/accounts/" + address + "?page=100001").status()).isEqualTo(400);
    assertThat(client.get("/v1/accounts/" + HELLO_WORLD_BASE58).status()).isEqualTo(400);
    assertThat(node.accountQueries).isEmpty();
  }

  @Test
  void submitTakesBase58JsonAndRawBytesAlike() throws Exception {
    ApiClient.Reply json =
        client.postJson("/v1/transactions", "{\"transaction\":\"" + HELLO_WORLD_BASE58 + "\"}");
    ApiClient.Reply raw =
        client.post(
            "/v1/transactions",
            "application/octet-stream",
            "hello world".getBytes(StandardCharsets.US_ASCII));
    assertThat(json.status()).isEqualTo(202);
    assertThat(raw.status()).isEqualTo(202);
    assertThat(node.submitted).extracting(Bytes::of).containsExactly(HELLO_WORLD, HELLO_WORLD);
  }

  /** "hello world" twice, each after its length 11 as a big-endian u32. */
  private static final byte[] TWO_FRAMED =
      concat(
          new byte[] {0, 0, 0, 11},
          "hello world".getBytes(StandardCharsets.US_ASCII),
          new byte[] {0, 0, 0, 11},
          "hello world".getBytes(StandardCharsets.US_ASCII));

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void batchSubmitsEachFramedTransactionInOrder() throws Exception {
    ApiClient.Reply reply =
        client.post("/v1/transactions/batch", "application/octet-stream", TWO_FRAMED);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("admitted").asInt()).isEqualTo(2);
    assertThat(reply.body().path("results")).hasSize(2);
    assertThat(reply.body().path("results").get(1).path("status").asText()).isEqualTo("pending");
    assertThat(node.submitted).extracting(Bytes::of).containsExactly(HELLO_WORLD, HELLO_WORLD);
  }

  @Test
  void batchWithBrokenFramingSubmitsNothing() throws Exception {
    byte[] truncated = java.util.Arrays.copyOf(TWO_FRAMED, TWO_FRAMED.length - 1);
    ApiClient.Reply reply =
        client.post("/v1/transactions/batch", "application/octet-stream", truncated);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.code()).isEqualTo("codec.truncated");
    assertThat(client.post("/v1/transactions/batch", "application/json", TWO_FRAMED).status())
        .isEqualTo(415);
    assertThat(node.submitted).isEmpty();
  }

  @Test
  void batchStopsAtAFullMempoolAndReportsEachRefusal() throws Exception {
    node.failure = () -> new SteleException("mempool.full", "full");
    ApiClient.Reply reply =
        client.post("/v1/transactions/batch", "application/octet-stream", TWO_FRAMED);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("admitted").asInt()).isZero();
    assertThat(reply.body().path("results")).hasSize(1);
    assertThat(reply.body().path("results").get(0).path("code").asText()).isEqualTo("mempool.full");
    node.failure = () -> new SteleException("tx.bad_signature", "bad");
    ApiClient.Reply bad =
        client.post("/v1/transactions/batch", "application/octet-stream", TWO_FRAMED);
    assertThat(bad.body().path("results")).hasSize(2);
    assertThat(bad.body().path("results").get(1).path("code").asText())
        .isEqualTo("tx.bad_signature");
  }

  @Test
  void submitRefusesWhatItCannotRead() throws Exception {
    assertThat(client.postJson("/v1/transactions", "{\"transaction\":").code())
        .isEqualTo("api.malformed");
    assertThat(client.postJson("/v1/transactions", "{\"tx\":\"abc\"}").status()).isEqualTo(400);
    assertThat(client.postJson("/v1/transactions", "{\"transaction\":42}").status()).isEqualTo(400);
    ApiClient.Reply text = client.post("/v1/transactions", "text/plain", new byte[] {1});
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.code()).isEqualTo("api.unsupported_media_type");
    assertThat(node.submitted).isEmpty();
  }

  @Test
  void oversizedBodiesAre413() throws Exception {
    ApiClient.Reply body =
        client.post("/v1/transactions", "application/octet-stream", new byte[4097]);
    assertThat(body.status()).isEqualTo(413);
    assertThat(body.code()).isEqualTo("api.too_large");
    ApiClient.Reply transaction =
        client.post("/v1/transactions", "application/octet-stream", new byte[1025]);
    assertThat(transaction.status()).isEqualTo(413);
    assertThat(node.submitted).isEmpty();
  }

  @Test
  void ledgerRejectionsKeepTheirCodeAndGetTheirStatus() throws Exception {
    assertRejection("tx.bad_signature", 422);
    assertRejection("tx.replay", 409);
    assertRejection("mempool.full", 429);
    assertRejection("codec.truncated", 400);
  }

  private void assertRejection(String code, int status) throws Exception {
    node.failure = () -> new SteleException(code, "refused because " + code);
    ApiClient.Reply reply =
        client.post("/v1/transactions", "application/octet-stream", new byte[] {1, 2});
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.code()).isEqualTo(code);
    assertThat(reply.body().path("message").asText()).isEqualTo("refused because " + code);
  }

  @Test
  void internalErrorsDoNotLeakDetails() throws Exception {
    node.failure = () -> new IllegalStateException("secret detail");
    ApiClient.Reply reply =
        client.post("/v1/transactions", "application/octet-stream", new byte[1]);
    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.code()).isEqualTo("api.internal");
    assertThat(reply.body().toString()).doesNotContain("secret").doesNotContain("Exception");
  }

  @Test
  void anchorParsesBase58AndHexHashes() throws Exception {
    String hex = HexFormat.of().formatHex(HELLO_WORLD.unsafeArray());
    assertThat(
            client
                .postJson("/v1/anchors", "{\"hashes\":[\"" + HELLO_WORLD_BASE58 + "\"]}")
                .status())
        .isEqualTo(202);
    assertThat(
            client
                .postJson("/v1/anchors", "{\"encoding\":\"hex\",\"hashes\":[\"" + hex + "\"]}")
                .status())
        .isEqualTo(202);
    assertThat(node.anchored).containsExactly(List.of(HELLO_WORLD), List.of(HELLO_WORLD));
  }

  @Test
  void anchorRefusesBadLists() throws Exception {
    assertThat(client.postJson("/v1/anchors", "{\"hashes\":[]}").status()).isEqualTo(400);
    assertThat(client.postJson("/v1/anchors", "[\"abc\"]").status()).isEqualTo(400);
    assertThat(client.postJson("/v1/anchors", "{\"hashes\":[\"a\",\"b\",\"c\",\"d\"]}").status())
        .isEqualTo(413);
    String tooLong = "ab".repeat(65);
    assertThat(
            client
                .postJson("/v1/anchors", "{\"encoding\":\"hex\",\"hashes\":[\"" + tooLong + "\"]}")
                .status())
        .isEqualTo(400);
    assertThat(
            client.postJson("/v1/anchors", "{\"encoding\":\"hex\",\"hashes\":[\"xyz\"]}").status())
        .isEqualTo(400);
    assertThat(node.anchored).isEmpty();
  }

  @Test
  void receiptByBase58OrHex() throws Exception {
    node.receipts.put(HELLO_WORLD, Json.object().put("targetHash", "x"));
    String hex = HexFormat.of().formatHex(HELLO_WORLD.unsafeArray());
    assertThat(client.get("/v1/receipts/" + HELLO_WORLD_BASE58).status()).isEqualTo(200);
    assertThat(
            client.get("/v1/receipts/" + hex + "?encoding=hex").body().path("targetHash").asText())
        .isEqualTo("x");
    assertThat(client.get("/v1/receipts/" + HELLO_WORLD_BASE58 + "x").status()).isEqualTo(404);
  }

  @Test
  void aTakenPortIsReportedWithItsCode() {
    ApiServer second = new ApiServer(LIMITS, List.of(new LedgerRoutes(node, LIMITS)));
    try {
      assertThatThrownBy(() -> second.start("127.0.0.1", server.port()))
          .isInstanceOf(SteleException.class)
          .hasMessageContaining(Integer.toString(server.port()))
          .extracting(e -> ((SteleException) e).code())
          .isEqualTo("api.port_in_use");
    } finally {
      second.close();
    }
  }

  @Test
  void unknownRouteIs404Json() throws Exception {
    ApiClient.Reply reply = client.get("/v1/nothing-here");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.code()).isEqualTo("api.not_found");
  }
}
