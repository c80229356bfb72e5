package io.stele.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stele.api.ApiLimits;
import io.stele.api.ApiServer;
import io.stele.api.Json;
import io.stele.core.address.Address;
import io.stele.core.clock.SystemClock;
import io.stele.core.crypto.KeyPair;
import io.stele.core.random.SeededRng;
import io.stele.ledger.genesis.Genesis;
import io.stele.ledger.node.SoloNode;
import io.stele.ledger.receipt.ReceiptVerifier;
import io.stele.ledger.tx.Transaction;
import io.stele.ledger.tx.TransactionBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API in front of the real solo ledger node: submit, finality, queries, anchors, receipts. */
class SoloNodeApiTest {
  private static final byte CHAIN = 'A';
  private static final long FUNDS = 1_000_000_000L;

  @TempDir Path dir;

  private final SeededRng rng = new SeededRng(3);
  private final KeyPair alice = KeyPair.generate(rng);
  private final Address bob = Address.of(KeyPair.generate(rng).publicKey(), CHAIN);
  private Genesis genesis;
  private SoloNode node;
  private ApiServer server;
  private ApiClient client;

  @BeforeEach
  void start() {
    Genesis.Devnet devnet = Genesis.devnet(CHAIN, 1, System.currentTimeMillis(), rng);
    genesis = devnet.genesis().withBalances(Map.of(Address.of(alice.publicKey(), CHAIN), FUNDS));
    node = SoloNode.open(dir, genesis, devnet.witnessKeys().get(0), new SystemClock());
    node.start();
    server =
        new ApiServer(
                ApiLimits.DEFAULT,
                List.of(new LedgerRoutes(node, ApiLimits.DEFAULT), new GenesisRoutes(genesis)))
            .start("127.0.0.1", 0);
    client = new ApiClient(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
    node.close();
  }

  @Test
  void aSubmittedTransferBecomesFinalAndShowsEverywhere() throws Exception {
    TransactionBuilder builder = new TransactionBuilder(CHAIN, genesis.parameters(), alice);
    Transaction tx = builder.transfer(bob, 12_345, 0, System.currentTimeMillis());
    String id = tx.id().toBase58();

    ApiClient.Reply submitted =
        client.postJson(
            "/v1/transactions", "{\"transaction\":\"" + tx.encoded().toBase58() + "\"}");
    assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(202);
    assertThat(submitted.body().path("id").asText()).isEqualTo(id);

    JsonNode view = awaitFinal(id);
    long height = view.path("height").asLong();
    JsonNode byHeight = client.get("/v1/blocks/" + height).body();
    assertThat(byHeight.path("transactions").toString()).contains(id);
    JsonNode byHash = client.get("/v1/blocks/" + byHeight.path("hash").asText()).body();
    assertThat(byHash).isEqualTo(byHeight);

    JsonNode account = client.get("/v1/accounts/" + bob).body();
    assertThat(account.path("balance").asText()).isEqualTo("12345");
    JsonNode sender = client.get("/v1/accounts/" + Address.of(alice.publicKey(), CHAIN)).body();
    long fee = genesis.parameters().fee(tx.type());
    assertThat(sender.path("balance").asText()).isEqualTo(Long.toString(FUNDS - 12_345 - fee));
    assertThat(sender.path("nonce").asLong()).isEqualTo(1);

    ApiClient.Reply again =
        client.post("/v1/transactions", "application/octet-stream", tx.encoded().toArray());
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("tx.replay");
  }

  @Test
  void rejectionsCarryTheLedgersCodes() throws Exception {
    TransactionBuilder builder = new TransactionBuilder(CHAIN, genesis.parameters(), alice);
    byte[] forged = builder.transfer(bob, 1, 0, System.currentTimeMillis()).encoded().toArray();
    forged[forged.length - 1] ^= 1;
    ApiClient.Reply badSignature =
        client.post("/v1/transactions", "application/octet-stream", forged);
    assertThat(badSignature.status()).isEqualTo(422);
    assertThat(badSignature.code()).isEqualTo("tx.bad_signature");

    Transaction tooMuch = builder.transfer(bob, FUNDS, 0, System.currentTimeMillis());
    ApiClient.Reply funds =
        client.post("/v1/transactions", "application/octet-stream", tooMuch.encoded().toArray());
    assertThat(funds.status()).isEqualTo(422);
    assertThat(funds.code()).isEqualTo("tx.funds");

    ApiClient.Reply garbage =
        client.post("/v1/transactions", "application/octet-stream", new byte[] {1, 2, 3});
    assertThat(garbage.status()).isEqualTo(400);
  }

  @Test
  void anAnchoredHashGetsAReceiptThatVerifiesOffline() throws Exception {
    String hex = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    ApiClient.Reply queued =
        client.postJson("/v1/anchors", "{\"encoding\":\"hex\",\"hashes\":[\"" + hex + "\"]}");
    assertThat(queued.status()).isEqualTo(202);
    ApiClient.Reply receipt = client.get("/v1/receipts/" + hex + "?encoding=hex");
    for (int i = 0; i < 300 && receipt.status() == 404; i++) {
      Thread.sleep(50);
      receipt = client.get("/v1/receipts/" + hex + "?encoding=hex");
    }
    assertThat(receipt.status()).isEqualTo(200);
    ReceiptVerifier.Verified verified = ReceiptVerifier.verify(receipt.body(), genesis);
    assertThat(verified.targetHash().toArray()).isEqualTo(HexFormat.of().parseHex(hex));
  }

  @Test
  void statusAndWitnessesDescribeTheSoloChain() throws Exception {
    JsonNode status = client.get("/v1/status").body();
    assertThat(status.path("chainId").asText()).isEqualTo("A");
    assertThat(status.has("finalHeight")).isTrue();
    assertThat(status.has("finalHash")).isTrue();
    JsonNode witnesses = client.get("/v1/witnesses").body();
    assertThat(witnesses.path("witnesses")).hasSize(1);
    assertThat(client.get("/v1/candidates").status()).isEqualTo(200);
  }

  @Test
  void finalizedBlocksStreamOverWebSocketInHeightOrder() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://127.0.0.1:" + server.port() + "/v1/streams/blocks"),
                new WebSocket.Listener() {
                  private final StringBuilder partial = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      received.add(partial.toString());
                      partial.setLength(0);
                    }
                    ws.request(1);
                    return null;
                  }
                })
            .join();
    try {
      long previous = -1;
      for (int i = 0; i < 3; i++) {
        String text = received.poll(30, TimeUnit.SECONDS);
        assertThat(text).as("block message %d", i).isNotNull();
        JsonNode message = Json.MAPPER.readTree(text);
        assertThat(message.path("type").asText()).isEqualTo("block");
        long height = message.path("block").path("height").asLong();
        if (previous >= 0) {
          assertThat(height).isEqualTo(previous + 1);
        }
        previous = height;
        JsonNode served = client.get("/v1/blocks/" + height).body();
        assertThat(message.path("block").path("hash")).isEqualTo(served.path("hash"));
      }
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
  }

  private JsonNode awaitFinal(String id) throws Exception {
    JsonNode view = client.get("/v1/transactions/" + id).body();
    for (int i = 0; i < 300 && !view.path("status").asText().equals("final"); i++) {
      Thread.sleep(50);
      view = client.get("/v1/transactions/" + id).body();
    }
    assertThat(view.path("status").asText()).isEqualTo("final");
    return view;
  }
}
